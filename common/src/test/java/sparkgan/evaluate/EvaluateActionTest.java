package sparkgan.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkgan.LocalSpark;
import sparkgan.config.ConfigException;
import sparkgan.distributed.TaskHook;
import sparkgan.distributed.TrainFixtures;
import sparkgan.evaluate.metric.FeatureMatrix;
import sparkgan.evaluate.metric.FeatureStatistics;
import sparkgan.evaluate.metric.Fid;
import sparkgan.table.ImageDataset;
import sparkgan.table.ResultsTable;

/**
 * The sweep on a real tiny run (DCGAN-28, checkpoints at steps 2, 4 and 6) with an exactly known extractor: every
 * cell once, nothing twice, exactly the missing cells on a rerun, bit-stable re-scores, failures recorded, and a FID
 * equal to one computed here without Spark.
 */
@LocalSpark
class EvaluateActionTest {
  private static final String EXTRACTOR = "class:" + PixelBlocksExtractor.class.getName() + ":4";
  /** fid, kid, is, precision, recall, density, coverage at each of the three checkpoints. */
  private static final int CELLS = 3 * 7;

  @TempDir
  static Path dir;
  private static Path runs;
  private static Path dataset;

  @BeforeAll
  static void trainTinyRun(SparkSession spark) throws Exception {
    dataset = TrainFixtures.dataset(spark, dir.resolve("data"), 150);
    runs = dir.resolve("runs");
    TrainFixtures.train(spark, TrainFixtures.dcgan(dataset), runs, "t1", false, TaskHook.NONE);
  }

  private static EvaluateConfig config(String runsGlob, Path table) {
    return new EvaluateConfig(List.of(runsGlob), table.toString(), ExtractorSpec.parse(EXTRACTOR),
        EvaluateConfig.allMetrics(), 120, 1, Optional.empty(), 100, 10, 50, 32);
  }

  private static EvaluateAction.Result sweep(SparkSession spark, EvaluateConfig config) throws Exception {
    return new EvaluateAction(spark, config, TrainFixtures.CLOCK, new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8)).execute();
  }

  private static List<Path> cellFiles(Path table) throws Exception {
    try (Stream<Path> files = Files.walk(table)) {
      return files.filter(f -> f.getFileName().toString().startsWith("cell-")).sorted().toList();
    }
  }

  @Test
  void aSweepScoresEveryCellOnceAndASecondAddsNothing(SparkSession spark) throws Exception {
    Path table = dir.resolve("table-once");
    EvaluateAction.Result first = sweep(spark, config(runs.toString(), table));
    assertEquals(1, first.trials());
    assertEquals(3, first.checkpoints());
    assertEquals(CELLS, first.cellsCommitted());
    assertEquals(0, first.failures());

    List<Row> rows = ResultsTable.read(spark, table.toString()).collectAsList();
    assertEquals(CELLS, rows.size());
    assertEquals(CELLS, ResultsTable.read(spark, table.toString()).select("run", "trial", "step", "metric",
        "extractor_sha256", "protocol", "n_fake", "seed").distinct().count());
    String contentHash = ImageDataset.open(spark, dataset.toString()).manifest().contentSha256();
    for (Row row : rows) {
      assertEquals("tiny", row.getAs("run"));
      assertEquals("t1", row.getAs("trial"));
      assertEquals(100L, (long) row.getAs("n_real"));
      assertEquals(120L, (long) row.getAs("n_fake"));
      assertEquals("ema", row.getAs("g_variant")); // the fixture keeps an EMA of G
      assertEquals(contentHash, row.getAs("dataset_sha256"));
      assertEquals("pixel-blocks", row.getAs("extractor"));
      assertTrue(Double.isFinite(row.getAs("value")), row.toString());
    }

    EvaluateAction.Result second = sweep(spark, config(runs.toString(), table));
    assertEquals(0, second.cellsCommitted());
    assertEquals(CELLS, second.cellsPresent());
    assertEquals(0, second.checkpointsScored());
    assertEquals(CELLS, ResultsTable.read(spark, table.toString()).count());
  }

  @Test
  void aDeletedCellComesBackAloneWithTheSameBits(SparkSession spark) throws Exception {
    Path table = dir.resolve("table-delete");
    sweep(spark, config(runs.toString(), table));
    Path victim = cellFiles(table).get(5);
    Row before = ResultsTable.read(spark, table.toString()).where(org.apache.spark.sql.functions.input_file_name()
        .contains(victim.getFileName().toString())).first();
    // Through the Hadoop file system API (a plain rm works too: AtomicFileTest).
    org.apache.hadoop.fs.Path victimPath = new org.apache.hadoop.fs.Path(victim.toUri());
    assertTrue(victimPath.getFileSystem(new Configuration()).delete(victimPath, false));

    EvaluateAction.Result rerun = sweep(spark, config(runs.toString(), table));
    assertEquals(1, rerun.cellsCommitted());
    assertEquals(CELLS - 1, rerun.cellsPresent());
    assertTrue(Files.exists(victim));
    Row after = ResultsTable.read(spark, table.toString()).where(org.apache.spark.sql.functions.input_file_name()
        .contains(victim.getFileName().toString())).first();
    assertEquals((String) before.getAs("metric"), after.getAs("metric"));
    assertEquals(Double.doubleToRawLongBits(before.getAs("value")), Double.doubleToRawLongBits(after.getAs("value")));
    assertEquals(CELLS, ResultsTable.read(spark, table.toString()).count());
  }

  @Test
  void twoSweepsAtOnceNeverDuplicateACell(SparkSession spark) throws Exception {
    Path table = dir.resolve("table-race");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<EvaluateAction.Result>> sweeps = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        sweeps.add(pool.submit(() -> sweep(spark, config(runs.toString(), table))));
      }
      int committed = 0;
      for (Future<EvaluateAction.Result> result : sweeps) {
        committed += result.get().cellsCommitted();
      }
      assertEquals(CELLS, committed);
    } finally {
      pool.shutdown();
    }
    assertEquals(CELLS, cellFiles(table).size());
    assertEquals(CELLS, ResultsTable.read(spark, table.toString()).count());
  }

  @Test
  void anUnreadableCheckpointIsRecordedAndTheRestIsScored(SparkSession spark) throws Exception {
    Path copy = dir.resolve("runs-broken");
    copyTree(runs, copy);
    Path state = copy.resolve("tiny/t1/checkpoints/step=4/state.bin");
    byte[] bytes = Files.readAllBytes(state);
    Files.write(state, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Path table = dir.resolve("table-broken");

    EvaluateAction.Result result = sweep(spark, config(copy.toString(), table));
    assertEquals(1, result.failures());
    assertEquals(CELLS - 7, result.cellsCommitted());
    List<Row> errors = ResultsTable.readErrors(spark, table.toString()).collectAsList();
    assertEquals(1, errors.size());
    assertEquals(4L, (long) errors.get(0).getAs("step"));
    assertTrue(errors.get(0).<String>getAs("reason").contains("state.bin"), errors.get(0).toString());
    assertEquals(List.of(2L, 6L), ResultsTable.read(spark, table.toString()).select("step").distinct()
        .orderBy("step").collectAsList().stream().map(r -> r.getLong(0)).toList());
  }

  @Test
  void theFidRowEqualsOneComputedWithoutSpark(SparkSession spark) throws Exception {
    Path table = dir.resolve("table-fid");
    sweep(spark, config(runs.toString(), table));
    double stored = ResultsTable.read(spark, table.toString()).where("metric = 'fid' AND step = 6").first()
        .getAs("value");

    Configuration conf = new Configuration();
    PixelBlocksExtractor extractor = new PixelBlocksExtractor("4", conf);
    GeneratorSnapshot.Description description = GeneratorSnapshot.describe(conf,
        new org.apache.hadoop.fs.Path(runs.resolve("tiny/t1/checkpoints/step=6").toString()));
    byte[][] fakeImages = GeneratorSnapshot.load(conf, description).images(0, 0, 120, 32);
    List<Row> realRows = ImageDataset.open(spark, dataset.toString()).split("test").orderBy(ImageDataset.ID)
        .limit(100).collectAsList();
    byte[][] realImages = realRows.stream().map(r -> (byte[]) r.getAs(ImageDataset.PIXELS)).toArray(byte[][]::new);
    FeatureMatrix fake = matrix(extractor.run(fakeImages, 28, 28, 1));
    FeatureMatrix real = matrix(extractor.run(realImages, 28, 28, 1));
    double expected = Fid.compute(new FeatureStatistics(49).add(real).gaussian("real"),
        new FeatureStatistics(49).add(fake).gaussian("fake")).value();
    assertEquals(expected, stored, 1e-9 * Math.abs(expected));

    // Negative control: other noise (seed 1) gives another FID.
    FeatureMatrix otherFake = matrix(extractor.run(GeneratorSnapshot.load(conf, description).images(1, 0, 120, 32),
        28, 28, 1));
    double other = Fid.compute(new FeatureStatistics(49).add(real).gaussian("real"),
        new FeatureStatistics(49).add(otherFake).gaussian("fake")).value();
    assertFalse(Math.abs(other - stored) < 1e-9 * Math.abs(stored));
  }

  @Test
  void fidWithNoMoreSamplesThanFeaturesIsRefusedBeforeAnyWork(SparkSession spark) {
    EvaluateConfig tooFew = new EvaluateConfig(List.of(runs.toString()), dir.resolve("table-few").toString(),
        ExtractorSpec.parse(EXTRACTOR), EvaluateConfig.allMetrics(), 49, 1, Optional.empty(), 100, 10, 40, 32);
    ConfigException e = assertThrows(ConfigException.class, () -> sweep(spark, tooFew));
    assertTrue(e.getMessage().contains("49 feature dimensions"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("table-few")));
  }

  @Test
  void manifoldMetricsOnSparkTasksEqualThoseOnLocalThreads(SparkSession spark) {
    sparkgan.model.nn.Rng rng = new sparkgan.model.nn.Rng(5);
    double[] real = new double[300 * 8];
    double[] fake = new double[250 * 8];
    for (int i = 0; i < real.length; i++) {
      real[i] = rng.nextGaussian();
    }
    for (int i = 0; i < fake.length; i++) {
      fake[i] = 0.5 + 1.3 * rng.nextGaussian();
    }
    var settings = new sparkgan.evaluate.metric.ManifoldMetrics.Settings(3, 5, 37); // blocks that do not divide N
    var local = sparkgan.evaluate.metric.ManifoldMetrics.compute(
        new sparkgan.evaluate.metric.RealFeatures(new FeatureMatrix(300, 8, real)),
        new sparkgan.evaluate.metric.FakeFeatures(new FeatureMatrix(250, 8, fake)), settings);
    var onSpark = sparkgan.evaluate.metric.ManifoldMetrics.compute(
        new sparkgan.evaluate.metric.RealFeatures(new FeatureMatrix(300, 8, real)),
        new sparkgan.evaluate.metric.FakeFeatures(new FeatureMatrix(250, 8, fake)), settings,
        EvaluateAction.sparkBlocks(org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())));
    assertEquals(local, onSpark);
    assertTrue(local.precision() > 0 && local.precision() < 1 && local.recall() > 0 && local.recall() < 1, local.toString());
  }

  @Test
  void missingInceptionWeightsSayWhereToGetThem() {
    Exception e = assertThrows(Exception.class, () -> ExtractorSpec.parse("inception:" + dir.resolve("absent.pth"))
        .open(new Configuration()));
    assertTrue(e.getMessage().contains("pt_inception-2015-12-05") && e.getMessage().contains("never downloads"),
        e.getMessage());
    assertThrows(ConfigException.class, () -> ExtractorSpec.parse("vgg:/x"));
    assertThrows(ConfigException.class, () -> ExtractorSpec.parse("class:java.lang.String").open(new Configuration()));
  }

  @Test
  void statisticsExportWritesTheReferenceGaussian(SparkSession spark) throws Exception {
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(dir.resolve("stats/test.npz").toString());
    StatisticsExport.Result result = StatisticsExport.run(spark, dataset.toString(), "test", 100,
        ExtractorSpec.parse(EXTRACTOR), 32, out);
    assertEquals(100, result.rows());
    assertEquals(49, result.dimension());
    var gaussian = StatisticsFile.read(out.getFileSystem(new Configuration()), out);
    List<Row> realRows = ImageDataset.open(spark, dataset.toString()).split("test").orderBy(ImageDataset.ID)
        .limit(100).collectAsList();
    FeatureMatrix real = matrix(new PixelBlocksExtractor("4", new Configuration()).run(
        realRows.stream().map(r -> (byte[]) r.getAs(ImageDataset.PIXELS)).toArray(byte[][]::new), 28, 28, 1));
    double[] mean = new FeatureStatistics(49).add(real).mean();
    for (int j = 0; j < 49; j++) {
      assertEquals(mean[j], gaussian.mean()[j], 1e-12 * Math.abs(mean[j]) + 1e-12);
    }
    assertThrows(java.io.IOException.class, () -> StatisticsExport.run(spark, dataset.toString(), "test", 100,
        ExtractorSpec.parse(EXTRACTOR), 32, out)); // never overwritten
  }

  @Test
  void aDatasetWithTrainAndTestSplitsGetsARealVersusRealRow(SparkSession spark) throws Exception {
    Path input = dir.resolve("two-splits/idx");
    Files.createDirectories(input);
    byte[][] train = sparkgan.ingest.SourceFixtures.randomImages(150, 784, 21);
    byte[][] test = sparkgan.ingest.SourceFixtures.randomImages(150, 784, 22);
    sparkgan.ingest.SourceFixtures.writeIdxImages(input.resolve("train-images-idx3-ubyte"), train, 28, 28);
    sparkgan.ingest.SourceFixtures.writeIdxLabels(input.resolve("train-labels-idx1-ubyte"),
        sparkgan.ingest.SourceFixtures.labels(150, 10, 21));
    sparkgan.ingest.SourceFixtures.writeIdxImages(input.resolve("t10k-images-idx3-ubyte"), test, 28, 28);
    sparkgan.ingest.SourceFixtures.writeIdxLabels(input.resolve("t10k-labels-idx1-ubyte"),
        sparkgan.ingest.SourceFixtures.labels(150, 10, 22));
    Path twoSplits = dir.resolve("two-splits/dataset");
    sparkgan.SparkGanActions.get(spark, TrainFixtures.CLOCK).ingest(new sparkgan.ingest.IngestConfig(
        sparkgan.ingest.DatasetFormat.IDX, input.toString(), twoSplits.toString(), java.util.OptionalInt.empty(),
        java.util.OptionalInt.empty(), sparkgan.table.IfExists.FAIL,
        sparkgan.ingest.IngestConfig.RejectPolicy.COLLECT)).execute();
    Path twoRuns = dir.resolve("two-splits/runs");
    TrainFixtures.train(spark, TrainFixtures.dcgan(twoSplits, "train.steps = 2"), twoRuns, "t", false,
        TaskHook.NONE);
    Path table = dir.resolve("table-two-splits");
    EvaluateConfig fidOnly = new EvaluateConfig(List.of(twoRuns.toString()), table.toString(),
        ExtractorSpec.parse(EXTRACTOR), java.util.EnumSet.of(EvaluateConfig.MetricGroup.FID), 120, 1,
        Optional.empty(), 100, 10, 50, 32);

    EvaluateAction.Result result = sweep(spark, fidOnly);
    assertEquals(2, result.cellsCommitted()); // step 2's fid and the real-vs-real row
    Row row = ResultsTable.read(spark, table.toString()).where("run = 'real-vs-real'").first();
    assertTrue(row.<String>getAs("trial").endsWith(":test-vs-train"), row.toString());
    PixelBlocksExtractor extractor = new PixelBlocksExtractor("4", new Configuration());
    FeatureMatrix first100Test = matrix(extractor.run(java.util.Arrays.copyOf(test, 100), 28, 28, 1));
    FeatureMatrix first100Train = matrix(extractor.run(java.util.Arrays.copyOf(train, 100), 28, 28, 1));
    double expected = Fid.compute(new FeatureStatistics(49).add(first100Test).gaussian("test"),
        new FeatureStatistics(49).add(first100Train).gaussian("train")).value();
    assertEquals(expected, row.<Double>getAs("value"), 1e-9 * expected);
    assertEquals(0, sweep(spark, fidOnly).cellsCommitted());
  }

  @Test
  void aRunThatGeneratesNoImagesIsSkippedWithoutErrorRows(SparkSession spark) throws Exception {
    Path ringRuns = dir.resolve("ring-runs");
    sparkgan.train.ExperimentConfig ring = sparkgan.train.ExperimentConfig.parse(String.join("\n",
        "experiment.name = ring", "data { source = ring, batch-size = 16 }",
        "model { architecture = mlp, latent-dim = 4, generator-hidden = [8], discriminator-hidden = [8] }",
        "train { steps = 2, sample-every = 1000, log-every = 1000, workers = 1, average-every = 1, "
            + "checkpoint-every = 2 }"), List.of());
    TrainFixtures.train(spark, ring, ringRuns, "r", false, TaskHook.NONE);
    Path table = dir.resolve("table-ring");
    EvaluateAction.Result result = sweep(spark, config(ringRuns.toString(), table));
    assertEquals(1, result.trials());
    assertEquals(0, result.checkpoints());
    assertEquals(0, result.failures());
    assertEquals(0, ResultsTable.readErrors(spark, table.toString()).count());
  }

  @Test
  void aClassConditionalRunTrainsAcrossWorkersAndIsScored(SparkSession spark) throws Exception {
    Path data32 = TrainFixtures.dataset(spark, dir.resolve("data32"), 64, java.util.OptionalInt.of(32));
    sparkgan.train.ExperimentConfig cgan = sparkgan.train.ExperimentConfig.parse(String.join("\n",
        "experiment.name = cgan", "experiment.seed = 3", "data { source = \"" + data32 + "\", split = test }",
        "data.batch-size = 8", "gan.class = cgan-pd",
        "model { architecture = sngan, latent-dim = 8, generator-width = 4, discriminator-width = 4 }",
        "train { steps = 4, sample-every = 1000, log-every = 2, workers = 2, average-every = 2, "
            + "checkpoint-every = 4 }"), List.of());
    Path cganRuns = dir.resolve("cgan-runs");
    TrainFixtures.train(spark, cgan, cganRuns, "c", false, TaskHook.NONE);
    // The workers' class embeddings were averaged and checkpointed with G and D; G has a row per class.
    java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> state = TrainFixtures.finalState(
        sparkgan.train.RunLayout.of(cganRuns.toString(), "cgan", "c"));
    assertTrue(state.containsKey("class_embedding/parameters"), state.keySet().toString());

    Path table = dir.resolve("table-cgan");
    EvaluateConfig pixels32 = new EvaluateConfig(List.of(cganRuns.toString()), table.toString(),
        ExtractorSpec.parse("class:" + PixelBlocksExtractor.class.getName() + ":8/32"), EvaluateConfig.allMetrics(),
        120, 1, Optional.empty(), 100, 10, 50, 32);
    EvaluateAction.Result result = sweep(spark, pixels32);
    assertEquals(1, result.checkpoints());
    assertEquals(0, result.failures(), () -> ResultsTable.readErrors(spark, table.toString()).collectAsList()
        .toString());
    assertEquals(7, ResultsTable.read(spark, table.toString()).count());
  }

  @Test
  void generatedPixelsInvertTheTrainingInputMapExactly() {
    for (int level = 0; level < 256; level++) {
      assertEquals((byte) level, (byte) sparkgan.train.SampleImages.toByte(level / 127.5f - 1f), "level " + level);
    }
    assertEquals((byte) 0, (byte) sparkgan.train.SampleImages.toByte(-3f));
    assertEquals((byte) 255, (byte) sparkgan.train.SampleImages.toByte(3f));
  }

  private static FeatureMatrix matrix(FeatureExtractor.Outputs outputs) {
    float[] values = outputs.features().data().asFloat();
    double[] wide = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      wide[i] = values[i];
    }
    return new FeatureMatrix((int) outputs.features().size(0), (int) outputs.features().size(1), wide);
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }
}
