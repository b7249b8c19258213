package sparkgan.evaluate;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sparkgan.config.ConfigException;
import sparkgan.config.SparkganVersion;
import sparkgan.evaluate.EvaluateConfig.MetricGroup;
import sparkgan.evaluate.metric.FakeFeatures;
import sparkgan.evaluate.metric.FeatureStatistics;
import sparkgan.evaluate.metric.Fid;
import sparkgan.evaluate.metric.FidResult;
import sparkgan.evaluate.metric.InceptionScore;
import sparkgan.evaluate.metric.Kid;
import sparkgan.evaluate.metric.ManifoldMetrics;
import sparkgan.evaluate.metric.MetricId;
import sparkgan.evaluate.metric.RealFeatures;
import sparkgan.table.ImageDataset;
import sparkgan.table.ResultsTable;
import sparkgan.table.ResultsTable.CellKey;
import sparkgan.table.ResultsTable.Score;
import sparkgan.train.Checkpoints;
import sparkgan.train.RunLayout;

/**
 * The evaluation sweep: finds every complete checkpoint under the given runs, works out which cells of the results
 * table are missing for it (one per metric row, extractor, protocol, sample count and seed), and for each checkpoint
 * with missing cells generates its samples and extracts their features on the executors, scores them against the
 * cached real features ({@link ReferenceFeatures}) and commits each missing cell ({@link ResultsTable#commit}).
 *
 * <p>A sweep is safe to repeat, to kill and to run twice at once: a cell is a file committed by a rename that fails
 * if the file exists, so a rerun adds exactly the cells still missing and no cell is ever written twice. A checkpoint
 * that cannot be scored (unreadable files, a run the extractor cannot take) gets a row in the errors table, and the
 * sweep goes on.
 */
public final class EvaluateAction {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluateAction.class);

  private final SparkSession spark;
  private final EvaluateConfig config;
  private final Clock clock;
  private final PrintStream log;

  /** What a sweep did. */
  public record Result(int trials, int checkpoints, int checkpointsScored, int cellsCommitted, int cellsPresent,
      int failures, Path table) {}

  /** A trial folder found under a runs glob: run name (the experiment's folder) and trial id. */
  record Trial(String run, String trial, RunLayout layout) {}

  public EvaluateAction(SparkSession spark, EvaluateConfig config, Clock clock, PrintStream log) {
    this.spark = spark;
    this.config = config;
    this.clock = clock;
    this.log = log;
  }

  public Result execute() throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    SerializableConfiguration taskConf = new SerializableConfiguration(conf);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    FeatureExtractor extractor = config.extractor().open(conf);
    checkSampleSizes(extractor);
    Path table = new Path(config.table());
    String sweep = UUID.randomUUID().toString();
    Set<String> committed = ResultsTable.committedCells(conf, table);
    List<Trial> trials = trials(conf);
    // A sweep's runs share few datasets and references: each is opened, and its features read, once.
    Map<String, ImageDataset> datasets = new HashMap<>();
    Map<String, ReferenceFeatures.Reference> references = new HashMap<>();
    int checkpoints = 0;
    int scored = 0;
    int cellsCommitted = 0;
    int cellsPresent = 0;
    int failures = 0;
    for (Trial trial : trials) {
      List<Checkpoints.Checkpoint> complete = Checkpoints.list(conf, trial.layout());
      if (!complete.isEmpty() && !generatesImages(conf, complete.get(0))) {
        log.println("skipping " + trial.layout().trial() + ": its GAN does not generate images");
        continue;
      }
      for (Checkpoints.Checkpoint checkpoint : complete) {
        checkpoints++;
        for (int seed = 0; seed < config.seeds(); seed++) {
          List<CellKey> cells = cells(trial, checkpoint.step(), seed, extractor);
          List<CellKey> missing = cells.stream().filter(cell -> !committed.contains(cell.sha256())).toList();
          cellsPresent += cells.size() - missing.size();
          if (missing.isEmpty()) {
            continue;
          }
          try {
            long start = System.nanoTime();
            GeneratorSnapshot.Description description = GeneratorSnapshot.describe(conf, checkpoint.path());
            ImageDataset dataset = datasets.computeIfAbsent(description.datasetPath(),
                path -> ImageDataset.open(spark, path));
            String split = config.realSplit().orElse(description.split());
            ReferenceFeatures.Reference reference = references.computeIfAbsent(dataset.path() + "\0" + split, k -> {
              try {
                return ReferenceFeatures.get(dataset, split, config.realSamples(), config.extractor(), extractor,
                    taskConf, config.batchSize());
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
            ImageFeatures.Extracted fake = ImageFeatures.ofGenerator(jsc, description, seed, config.samples(),
                config.extractor(), taskConf, config.batchSize());
            Map<String, Measured> measured = score(missing, reference, fake, seed, jsc);
            double seconds = (System.nanoTime() - start) / 1e9;
            Instant now = clock.instant();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "scored %s/%s step=%d seed=%d:",
                trial.run(), trial.trial(), checkpoint.step(), seed));
            for (CellKey cell : missing) {
              Measured value = measured.get(cell.metric());
              Score row = new Score(cell, value.value(), value.std(), largerIsBetter(cell.metric()), value.flags(),
                  reference.features().rows(), reference.key(), extractor.name(), dataset.manifest().contentSha256(),
                  description.configSha256(), checkpoint.path().toString(), description.checkpointSha256(),
                  description.variant(), SparkganVersion.version(), now, seconds);
              if (ResultsTable.commit(conf, table, row)) {
                cellsCommitted++;
              } else {
                cellsPresent++; // another sweep committed it meanwhile
              }
              line.append(String.format(Locale.ROOT, " %s=%.6g", cell.metric(), value.value()));
            }
            scored++;
            log.println(line.append(String.format(Locale.ROOT, " (%.1f s)", seconds)));
          } catch (IOException | RuntimeException e) {
            failures++;
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warn("Cannot score {} (seed {}): {}", checkpoint.path(), seed, reason, e);
            log.println("failed " + checkpoint.path() + " seed=" + seed + ": " + reason);
            ResultsTable.recordFailure(conf, table, sweep, new ResultsTable.Failure(trial.run(), trial.trial(),
                checkpoint.step(), checkpoint.path().toString(), extractor.sha256(), reason, clock.instant()));
          }
        }
      }
    }
    if (config.metrics().contains(MetricGroup.FID)) {
      for (ReferenceFeatures.Reference reference : references.values()) {
        cellsCommitted += realVersusReal(datasets.get(reference.datasetPath()), reference, extractor, committed,
            table, taskConf);
      }
    }
    return new Result(trials.size(), checkpoints, scored, cellsCommitted, cellsPresent, failures, table);
  }

  /** The run name of the real-versus-real rows. */
  public static final String REAL_VERSUS_REAL = "real-vs-real";

  /**
   * The scale of a distance: the FID (or FCD) between the reference split and the dataset's other split (train vs
   * test), as many rows of each, as a row of run {@value #REAL_VERSUS_REAL}, trial {@code <dataset hash
   * prefix>:<split>-vs-<other>}, step 0. Nothing when the dataset has one split. Returns the cells committed.
   */
  private int realVersusReal(ImageDataset dataset, ReferenceFeatures.Reference reference, FeatureExtractor extractor,
      Set<String> committed, Path table, SerializableConfiguration taskConf) throws IOException {
    String other = reference.split().equals("train") ? "test" : "train";
    if (!dataset.manifest().splitCounts().containsKey(other)) {
      return 0;
    }
    String datasetHash = dataset.manifest().contentSha256();
    String metric = extractor.domainClassifier() ? "fcd" : "fid";
    long rows = reference.features().rows();
    long otherRows = Math.min(rows, dataset.manifest().splitCounts().get(other));
    CellKey cell = new CellKey(REAL_VERSUS_REAL, datasetHash.substring(0, 12) + ":" + reference.split() + "-vs-"
        + other, 0, metric, extractor.sha256(), extractor.protocol(), otherRows, 0);
    if (committed.contains(cell.sha256())) {
      return 0;
    }
    long start = System.nanoTime();
    ReferenceFeatures.Reference second = ReferenceFeatures.get(dataset, other, otherRows, config.extractor(), extractor,
        taskConf, config.batchSize());
    if (second.features().rows() <= extractor.featureDimension()) {
      log.println("no " + REAL_VERSUS_REAL + " row for " + dataset.path() + ": its " + other + " split has "
          + second.features().rows() + " rows, not more than the " + extractor.featureDimension() + " features");
      return 0;
    }
    FidResult fid = Fid.compute(reference.gaussian(reference.split()), second.gaussian(other));
    Score row = new Score(cell, fid.value(), null, false, fid.flags(), rows, reference.key() + "," + second.key(),
        extractor.name(), datasetHash, "", dataset.path(), datasetHash, "real", SparkganVersion.version(),
        clock.instant(), (System.nanoTime() - start) / 1e9);
    boolean added = ResultsTable.commit(spark.sparkContext().hadoopConfiguration(), table, row);
    log.println(String.format(Locale.ROOT, "%s %s %s: %s=%.6g", REAL_VERSUS_REAL, dataset.path(), cell.trial(), metric,
        fid.value()));
    return added ? 1 : 0;
  }

  /** Whether a trial generates images, judged by its first checkpoint; an unreadable one is scored (and fails). */
  private static boolean generatesImages(Configuration conf, Checkpoints.Checkpoint first) {
    try {
      return GeneratorSnapshot.dataShape(conf, first.path()).length == 3; // [channels, height, width]
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  /** FID needs more samples than feature dimensions on both sides (its covariances must be invertible). */
  private void checkSampleSizes(FeatureExtractor extractor) {
    if (config.metrics().contains(MetricGroup.FID)) {
      int d = extractor.featureDimension();
      if (config.samples() <= d || config.realSamples() <= d) {
        throw new ConfigException("--samples", "Cannot compute " + distanceName(extractor) + " with "
            + config.samples() + " generated and " + config.realSamples() + " real samples: both must exceed the "
            + "extractor's " + d + " feature dimensions. Raise --samples and --real-samples or drop fid from "
            + "--metrics.");
      }
      if (config.samples() < Fid.RECOMMENDED_SAMPLES) {
        log.println("warning: " + config.samples() + " samples per checkpoint; FID-type distances are biased "
            + "upwards below " + Fid.RECOMMENDED_SAMPLES + " and comparable only at equal sample counts");
      }
    }
  }

  private static String distanceName(FeatureExtractor extractor) {
    return extractor.domainClassifier() ? "fcd" : "fid";
  }

  /** Every cell the config asks of one checkpoint and seed, in metric order. */
  List<CellKey> cells(Trial trial, long step, long seed, FeatureExtractor extractor) {
    List<CellKey> cells = new ArrayList<>();
    for (String metric : metricNames(extractor)) {
      cells.add(new CellKey(trial.run(), trial.trial(), step, metric, extractor.sha256(), extractor.protocol(),
          config.samples(), seed));
    }
    return cells;
  }

  private List<String> metricNames(FeatureExtractor extractor) {
    boolean domain = extractor.domainClassifier();
    List<String> names = new ArrayList<>();
    for (MetricGroup group : new TreeSet<>(config.metrics())) {
      switch (group) {
        case FID -> names.add(domain ? "fcd" : "fid");
        case KID -> names.add(domain ? "kcd" : "kid");
        case IS -> names.add(domain ? "cs" : "is");
        case PR -> names.addAll(List.of("precision", "recall"));
        case DC -> names.addAll(List.of("density", "coverage"));
      }
    }
    return names;
  }

  /** A metric's value, its spread over splits or subsets (null when it has none) and its flags. */
  private record Measured(double value, Double std, List<String> flags) {
    Measured(double value, Double std) {
      this(value, std, List.of());
    }
  }

  /** The values of the metrics the {@code missing} cells name; only the groups they need are computed. */
  private Map<String, Measured> score(List<CellKey> missing, ReferenceFeatures.Reference reference,
      ImageFeatures.Extracted fake, long seed, JavaSparkContext jsc) {
    Set<String> wanted = new java.util.HashSet<>();
    missing.forEach(cell -> wanted.add(cell.metric()));
    Map<String, Measured> values = new HashMap<>();
    RealFeatures real = new RealFeatures(reference.features());
    FakeFeatures generated = new FakeFeatures(fake.features());
    if (wanted.contains("fid") || wanted.contains("fcd")) {
      FidResult fid = Fid.compute(reference.gaussian("real"),
          new FeatureStatistics(generated.features().columns()).add(generated.features()).gaussian("generated"));
      values.put(wanted.contains("fid") ? "fid" : "fcd", new Measured(fid.value(), null, fid.flags()));
    }
    if (wanted.contains("kid") || wanted.contains("kcd")) {
      Kid.Result kid = Kid.compute(real, generated, new Kid.Settings(config.kidSubsets(), config.kidSubsetSize(),
          seed));
      values.put(wanted.contains("kid") ? "kid" : "kcd", new Measured(kid.mean(), kid.std()));
    }
    if (wanted.contains("is") || wanted.contains("cs")) {
      InceptionScore.Result is = InceptionScore.compute(fake.logits(), InceptionScore.DEFAULT_SPLITS);
      values.put(wanted.contains("is") ? "is" : "cs", new Measured(is.mean(), is.std()));
    }
    if (wanted.contains("precision") || wanted.contains("recall") || wanted.contains("density")
        || wanted.contains("coverage")) {
      ManifoldMetrics.Result manifold = ManifoldMetrics.compute(real, generated, ManifoldMetrics.Settings.DEFAULT,
          sparkBlocks(jsc));
      values.put("precision", new Measured(manifold.precision(), null));
      values.put("recall", new Measured(manifold.recall(), null));
      values.put("density", new Measured(manifold.density(), null));
      values.put("coverage", new Measured(manifold.coverage(), null));
    }
    return values;
  }

  /** A table metric's direction, as {@link MetricId} states it; a classifier's rows go the way Inception's do. */
  static boolean largerIsBetter(String metric) {
    return switch (metric) {
      case "fid", "fcd" -> MetricId.FID.largerIsBetter();
      case "kid", "kcd" -> MetricId.KID.largerIsBetter();
      case "is", "cs" -> MetricId.IS_MEAN.largerIsBetter();
      case "precision", "recall", "density", "coverage" ->
          MetricId.valueOf(metric.toUpperCase(Locale.ROOT)).largerIsBetter();
      default -> throw new IllegalArgumentException("metric must be one of fid, fcd, kid, kcd, is, cs, precision, "
          + "recall, density, coverage, got " + metric);
    };
  }

  /** Precision/recall/density/coverage row blocks as Spark tasks: block results come back in block order. */
  static ManifoldMetrics.BlockRunner sparkBlocks(JavaSparkContext jsc) {
    return new ManifoldMetrics.BlockRunner() {
      @Override
      public <T extends java.io.Serializable> List<T> map(int blocks, ManifoldMetrics.Block<T> block) {
        List<Integer> indices = IntStream.range(0, blocks).boxed().toList();
        return jsc.parallelize(indices, Math.max(1, Math.min(blocks, 4 * jsc.defaultParallelism())))
            .map(block::run).collect();
      }
    };
  }

  /**
   * Trial folders under the runs globs, sorted and without repeats: a match that has a {@code checkpoints} folder is
   * a trial; otherwise its children, then grandchildren, are searched (a run folder, a results folder).
   */
  List<Trial> trials(Configuration conf) throws IOException {
    java.util.TreeMap<String, Trial> found = new java.util.TreeMap<>();
    for (String glob : config.runs()) {
      Path pattern = new Path(glob);
      FileSystem fs = pattern.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(pattern);
      if (matches == null || matches.length == 0) {
        log.println("warning: --runs " + glob + " matches nothing");
        continue;
      }
      for (FileStatus match : matches) {
        collect(fs, match, 2, found);
      }
    }
    return List.copyOf(found.values());
  }

  private static void collect(FileSystem fs, FileStatus folder, int depth, Map<String, Trial> found)
      throws IOException {
    if (!folder.isDirectory() || folder.getPath().getName().startsWith(".")
        || folder.getPath().getName().startsWith("_")) {
      return;
    }
    RunLayout layout = new RunLayout(folder.getPath());
    if (fs.exists(layout.checkpoints())) {
      Path trial = fs.makeQualified(folder.getPath());
      found.put(trial.toString(), new Trial(trial.getParent().getName(), trial.getName(), new RunLayout(trial)));
      return;
    }
    if (depth > 0) {
      for (FileStatus child : fs.listStatus(folder.getPath())) {
        collect(fs, child, depth - 1, found);
      }
    }
  }
}
