package sparkgan.train;

import java.awt.image.BufferedImage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.model.StepMetrics;
import sparkgan.model.nn.Network;
import sparkgan.table.AtomicFile;
import sparkgan.table.CommitFailedException;
import sparkgan.table.IfExists;
import sparkgan.table.TrainMetrics;

/**
 * The life of a training trial, the same for {@code fit-local} and the distributed {@code train} job: start or
 * resume the trial, run rounds ({@link Rounds}) until {@code train.steps}, and between rounds keep the user
 * informed and the work safe: a progress line every {@code train.log-every} steps, a sample grid from fixed noise
 * every {@code train.sample-every} steps and at each checkpoint (plus an animated GIF of all grids so far), and every
 * {@code train.checkpoint-every} steps the metrics chunk, the samples and the checkpoint, in that order, then
 * pruning of old checkpoints. A GAN that trains no generator ({@link sparkgan.model.Gan#generates()}, e.g. the
 * domain classifier) gets no samples.
 *
 * <p>Everything it writes goes through {@link AtomicFile} or a directory commit, and the checkpoint is written last:
 * a run killed at any moment resumes from its newest complete checkpoint, first deleting what was written after it
 * (metric chunks, samples), and since every step is a pure function of the state it starts from, the resumed run
 * writes the same bits an uninterrupted one would.
 */
public final class TrainingRun {
  /** Seed offset for the fixed sampling noise, so it never coincides with a training stream. */
  static final String GIF_FILE = "progress.gif";
  static final int GIF_FRAME_MILLIS = 400;

  private final ExperimentConfig config;
  private final GanTraining driver;
  private final Rounds rounds;
  private final RunLayout layout;
  private final String datasetHash;
  private final Map<String, String> runProvenance;
  private final Configuration hadoop;
  private final Clock clock;
  private final PrintStream log;

  /** What a run did. {@code imagesPerSecond}: real images consumed per second by all workers, in rounds only. */
  public record Result(RunLayout layout, long startStep, long steps, Path lastCheckpoint, double imagesPerSecond,
      double secondsPerStep) {}

  /**
   * @param driver the training whose state the run advances; for distributed rounds the driver's copy, which holds
   *     the averaged state between rounds
   * @param runProvenance recorded in every checkpoint besides the config (e.g. workers, executors)
   */
  public TrainingRun(ExperimentConfig config, GanTraining driver, Rounds rounds, RunLayout layout, String datasetHash,
      Map<String, String> runProvenance, Configuration hadoop, Clock clock, PrintStream log) {
    this.config = config;
    this.driver = driver;
    this.rounds = rounds;
    this.layout = layout;
    this.datasetHash = datasetHash;
    this.runProvenance = Map.copyOf(runProvenance);
    this.hadoop = hadoop;
    this.clock = clock;
    this.log = log;
  }

  /**
   * Starts the trial, or with {@code resume} continues it from its newest complete checkpoint.
   *
   * @throws CommitFailedException a new trial whose folder exists, or a resume of a trial that does not
   * @throws sparkgan.config.ConfigException a resume whose config differs from the trial's, listing every key
   */
  public Result run(boolean resume) throws IOException {
    long startStep = resume ? resume() : start();
    long total = config.train().steps();
    int perRound = config.rounds().averageEvery();
    FixedSamples fixed = FixedSamples.of(config, driver.generator().dataType(), driver.generatorClasses(), isRing());
    List<TrainMetrics.StepRow> pendingSteps = new ArrayList<>();
    List<TrainMetrics.RoundRow> pendingRounds = new ArrayList<>();
    Path lastCheckpoint = Checkpoints.newest(hadoop, layout).map(Checkpoints.Checkpoint::path).orElse(null);
    long examples = 0;
    double roundSeconds = 0;
    while (driver.step() < total) {
      long before = driver.step();
      Rounds.Outcome outcome = rounds.run(driver, before / perRound, (int) Math.min(perRound, total - before));
      long step = driver.step();
      pendingSteps.addAll(outcome.steps());
      pendingRounds.add(outcome.round());
      examples += outcome.round().examples();
      roundSeconds += outcome.round().roundSeconds();
      if (crossed(before, step, config.train().logEvery()) || step == total) {
        log.println(progressLine(outcome, step, total, examples / Math.max(roundSeconds, 1e-9)));
      }
      boolean checkpoint = step % config.rounds().checkpointEvery() == 0 || step == total;
      if (driver.generates() && (checkpoint || crossed(before, step, config.train().sampleEvery()))) {
        writeSamples(fixed, step);
      }
      if (checkpoint) {
        TrainMetrics.append(hadoop, layout.metrics(), step, pendingSteps, pendingRounds);
        pendingSteps.clear();
        pendingRounds.clear();
        lastCheckpoint = Checkpoints.write(hadoop, layout, step, driver.state(), config.render(), provenance(step),
            stateLayout());
        Checkpoints.prune(hadoop, layout, config.rounds().retention());
      }
    }
    long trained = driver.step() - startStep;
    return new Result(layout, startStep, driver.step(), lastCheckpoint, examples / Math.max(roundSeconds, 1e-9),
        trained > 0 ? roundSeconds / trained : 0);
  }

  private static boolean crossed(long before, long after, long every) {
    return before / every != after / every;
  }

  private long start() throws IOException {
    FileSystem fs = layout.trial().getFileSystem(hadoop);
    if (fs.exists(layout.trial())) {
      throw new CommitFailedException("Cannot start trial " + layout.trial() + ": it already exists. Continue it "
          + "with --resume, or choose another trial id or output.", null);
    }
    AtomicFile.writeText(hadoop, layout.config(), IfExists.FAIL, config.render());
    return 0;
  }

  private long resume() throws IOException {
    String stored;
    try (InputStream in = layout.config().getFileSystem(hadoop).open(layout.config())) {
      stored = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (FileNotFoundException e) {
      throw new CommitFailedException("Cannot resume trial " + layout.trial() + ": it has no " + RunLayout.CONFIG_FILE
          + " (no such trial, or it never started). Start it without --resume.", e);
    }
    List<String> differences = differences(ExperimentConfig.parse(stored, List.of()).provenance(),
        config.provenance());
    if (!differences.isEmpty()) {
      throw new sparkgan.config.ConfigException(differences.get(0).split(" ")[0], "Cannot resume trial "
          + layout.trial() + ": its config differs in " + differences.size() + " key(s): "
          + String.join("; ", differences) + ". Resume with the trial's settings, or start a new trial.");
    }
    Optional<Checkpoints.Checkpoint> newest = Checkpoints.newest(hadoop, layout);
    long step = 0;
    if (newest.isPresent()) {
      driver.restore(Checkpoints.readState(hadoop, newest.get().path()));
      step = driver.step();
      log.println("Resuming " + layout.trial() + " from " + newest.get().path());
    } else {
      log.println("Resuming " + layout.trial() + " from the start: it has no complete checkpoint");
    }
    Checkpoints.deleteAfter(hadoop, layout, step);
    TrainMetrics.deleteAfter(hadoop, layout.metrics(), step);
    for (long later : sampleSteps()) {
      if (later > step) {
        layout.samples().getFileSystem(hadoop).delete(samplePath(later), false /* recursive */);
      }
    }
    return step;
  }

  /** Every key whose value differs between {@code stored} and {@code given}, as "key (stored a, given b)". */
  static List<String> differences(SortedMap<String, String> stored, SortedMap<String, String> given) {
    TreeSet<String> keys = new TreeSet<>(stored.keySet());
    keys.addAll(given.keySet());
    List<String> differences = new ArrayList<>();
    for (String key : keys) {
      String a = stored.get(key);
      String b = given.get(key);
      if (a == null ? b != null : !a.equals(b)) {
        differences.add(key + " (stored " + a + ", given " + b + ")");
      }
    }
    return differences;
  }

  private String progressLine(Rounds.Outcome outcome, long step, long total, double imagesPerSecond) {
    Map<String, double[]> means = new LinkedHashMap<>(); // sum, count over the workers' last step
    for (TrainMetrics.StepRow row : outcome.steps()) {
      if (row.step() == step && (row.metric().equals(StepMetrics.LOSS_D) || row.metric().equals(StepMetrics.LOSS_G)
          || row.metric().equals(StepMetrics.ACCURACY))) {
        double[] sum = means.computeIfAbsent(row.metric(), k -> new double[2]);
        sum[0] += row.value();
        sum[1]++;
      }
    }
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "step %d/%d", step, total));
    means.forEach((name, sum) -> line.append(String.format(Locale.ROOT, " %s=%.4f", name, sum[0] / sum[1])));
    double perStep = outcome.round().roundSeconds() / Math.max(1, outcome.round().lastStep()
        - outcome.round().firstStep() + 1);
    long etaSeconds = Math.round(perStep * (total - step));
    return line.append(String.format(Locale.ROOT, " img/s=%.1f eta=%dh%02dm%02ds", imagesPerSecond,
        etaSeconds / 3600, etaSeconds / 60 % 60, etaSeconds % 60)).toString();
  }

  private boolean isRing() {
    return driver.data() instanceof RingOfGaussians;
  }

  private Path samplePath(long step) {
    return new Path(layout.samples(), "step=" + step + ".png");
  }

  /** Steps of the sample grids written so far, ascending. */
  private TreeSet<Long> sampleSteps() throws IOException {
    TreeSet<Long> steps = new TreeSet<>();
    FileSystem fs = layout.samples().getFileSystem(hadoop);
    if (!fs.exists(layout.samples())) {
      return steps;
    }
    for (FileStatus file : fs.listStatus(layout.samples())) {
      String name = file.getPath().getName();
      if (name.matches("step=\\d+\\.png")) {
        steps.add(Long.parseLong(name.substring(5, name.length() - 4)));
      }
    }
    return steps;
  }

  /** The grid (or ring scatter) of {@code step} from the fixed noise, then the GIF of every grid so far. */
  private void writeSamples(FixedSamples fixed, long step) throws IOException {
    INDArray samples = driver.sample(fixed.noise(), fixed.labels());
    BufferedImage image = driver.data() instanceof RingOfGaussians ring
        ? SampleImages.scatter(samples, ring.centres(), config.data().ringRadius() * 1.5, 512)
        : SampleImages.grid(samples, FixedSamples.GRID_COLUMNS);
    SampleImages.writePng(image, hadoop, samplePath(step));
    List<BufferedImage> frames = new ArrayList<>();
    FileSystem fs = layout.samples().getFileSystem(hadoop);
    for (long earlier : sampleSteps()) {
      try (InputStream in = fs.open(samplePath(earlier))) {
        frames.add(ImageIO.read(in));
      }
    }
    SampleImages.writeGif(frames, GIF_FRAME_MILLIS, hadoop, new Path(layout.samples(), GIF_FILE));
  }

  private Map<String, String> provenance(long step) {
    TreeMap<String, String> values = new TreeMap<>(RunProvenance.of(config, datasetHash, step, clock.instant()));
    values.putAll(runProvenance);
    return values;
  }

  /**
   * What a reader needs to use the state without the training code: the data shape, the latent size, the
   * architecture and its settings, every array's type and shape, and the order and shapes of the named parameters
   * packed into each network's flat {@code parameters} and {@code buffers} vectors.
   */
  private Map<String, Object> stateLayout() {
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("format", "sparkgan training state, state.bin (see sparkgan.train.TrainingState)");
    description.put("data_shape", driver.data().sampleShape());
    description.put("latent_dim", config.model().latentDim());
    description.put("generator_classes", driver.generatorClasses());
    description.put("model", config.model().provenance());
    Map<String, Object> arrays = new LinkedHashMap<>();
    driver.state().forEach((name, array) -> arrays.put(name, Map.of("type", array.dataType().name(),
        "shape", array.shape())));
    description.put("arrays", arrays);
    driver.networks().forEach((name, network) -> description.put(name, packing(network)));
    return description;
  }

  private static Map<String, Object> packing(Network network) {
    Map<String, Object> packed = new LinkedHashMap<>();
    Map<String, long[]> parameters = new LinkedHashMap<>();
    network.namedParameters().forEach((name, array) -> parameters.put(name, array.shape()));
    Map<String, long[]> buffers = new LinkedHashMap<>();
    network.namedBuffers().forEach((name, array) -> buffers.put(name, array.shape()));
    packed.put("input_shape", network.inputShape());
    packed.put("parameters_in_order", parameters);
    packed.put("buffers_in_order", buffers);
    packed.put("layers", network.describe());
    return packed;
  }
}
