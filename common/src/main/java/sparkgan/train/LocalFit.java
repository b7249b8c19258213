package sparkgan.train;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.model.StepMetrics;
import sparkgan.model.nn.Rng;
import sparkgan.table.CommitFailedException;

/**
 * Trains a GAN on this machine, without Spark: the quick way to watch an experiment learn. Writes the trial layout
 * ({@link RunLayout}): the resolved config, samples from fixed noise every {@code train.sample-every} steps (an image
 * grid, or a scatter plot for the 2-D ring), metrics as JSON lines, and the final checkpoint.
 */
public final class LocalFit {
  /** Seed offset for the fixed sampling noise, so it never coincides with the training stream. */
  static final long SAMPLE_NOISE_SALT = 0x5A3B1E5L;
  static final int GRID_SAMPLES = 64;
  static final int SCATTER_SAMPLES = 1000;

  private final ExperimentConfig config;
  private final RealData data;
  private final String datasetHash;
  private final RunLayout layout;
  private final long steps;
  private final Configuration hadoop;
  private final Clock clock;
  private final PrintStream log;

  /** What a local fit produced. */
  public record Result(RunLayout layout, long steps, StepMetrics lastMetrics, Path checkpoint,
      Optional<RingOfGaussians.Coverage> ringCoverage, double secondsPerStep) {}

  public LocalFit(ExperimentConfig config, RealData data, String datasetHash, RunLayout layout, long steps,
      Configuration hadoop, Clock clock, PrintStream log) {
    this.config = config;
    this.data = data;
    this.datasetHash = datasetHash;
    this.layout = layout;
    this.steps = steps;
    this.hadoop = hadoop;
    this.clock = clock;
    this.log = log;
  }

  public Result run() throws IOException {
    FileSystem fs = layout.trial().getFileSystem(hadoop);
    if (fs.exists(layout.trial())) {
      throw new CommitFailedException("Cannot start trial " + layout.trial() + ": it already exists. Choose another "
          + "--output or delete it.", null);
    }
    fs.mkdirs(layout.samples());
    fs.mkdirs(layout.metrics());
    Checkpoints.writeText(fs, layout.config(), config.render());

    GanTraining training = new GanTraining(GanTraining.Setup.of(config), data);
    INDArray fixedNoise = new Rng(config.seed() ^ SAMPLE_NOISE_SALT).gaussian(training.generator().dataType(), 0, 1,
        isRing() ? SCATTER_SAMPLES : GRID_SAMPLES, config.model().latentDim());
    StringBuilder metricsLines = new StringBuilder();
    StepMetrics metrics = null;
    long start = System.nanoTime();
    for (long i = 0; i < steps; i++) {
      metrics = training.trainStep();
      long step = training.step();
      if (step % config.train().logEvery() == 0 || step == steps) {
        String line = jsonLine(step, metrics);
        metricsLines.append(line).append('\n');
        log.println(line);
      }
      if (step % config.train().sampleEvery() == 0 || step == steps) {
        writeSamples(fs, training, fixedNoise, step);
      }
    }
    double secondsPerStep = (System.nanoTime() - start) / 1e9 / steps;
    Checkpoints.writeText(fs, new Path(layout.metrics(), "local-metrics.jsonl"), metricsLines.toString());
    Path checkpoint = Checkpoints.write(hadoop, layout, training.step(), training.state(), config.render(),
        RunProvenance.of(config, datasetHash, training.step(), clock.instant()));
    Optional<RingOfGaussians.Coverage> coverage = data instanceof RingOfGaussians ring
        ? Optional.of(ring.coverage(training.sample(training.latent(2500)))) : Optional.empty();
    return new Result(layout, training.step(), metrics, checkpoint, coverage, secondsPerStep);
  }

  private boolean isRing() {
    return data instanceof RingOfGaussians;
  }

  private void writeSamples(FileSystem fs, GanTraining training, INDArray fixedNoise, long step) throws IOException {
    INDArray samples = training.sample(fixedNoise);
    BufferedImage image = data instanceof RingOfGaussians ring
        ? SampleImages.scatter(samples, ring.centres(), config.data().ringRadius() * 1.5, 512)
        : SampleImages.grid(samples, 8);
    SampleImages.writePng(image, fs, new Path(layout.samples(), "step=" + step + ".png"));
  }

  static String jsonLine(long step, StepMetrics metrics) {
    StringBuilder line = new StringBuilder("{\"step\":").append(step);
    for (Map.Entry<String, Double> entry : metrics.values().entrySet()) {
      line.append(",\"").append(entry.getKey()).append("\":")
          .append(Double.isFinite(entry.getValue()) ? String.format(Locale.ROOT, "%.6g", entry.getValue()) : "null");
    }
    return line.append('}').toString();
  }
}
