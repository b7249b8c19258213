package sparkgan.distributed;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.SparkGanActions;
import sparkgan.ingest.DatasetFormat;
import sparkgan.ingest.IngestConfig;
import sparkgan.ingest.SourceFixtures;
import sparkgan.table.IfExists;
import sparkgan.train.Checkpoints;
import sparkgan.train.ExperimentConfig;
import sparkgan.train.RunLayout;

/** A tiny image dataset and a tiny DCGAN-28 experiment that trains on it in seconds. */
public final class TrainFixtures {
  public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
  /** Classes of the fixture dataset's labels. */
  static final int CLASSES = 10;

  private TrainFixtures() {}

  /** {@code n} random 28x28 grey images as the ingested split "test" of a dataset under {@code dir}. */
  public static Path dataset(SparkSession spark, Path dir, int n) throws IOException {
    return dataset(spark, dir, n, OptionalInt.empty());
  }

  /** As {@link #dataset(SparkSession, Path, int)}, resized to {@code imageSize} when given. */
  public static Path dataset(SparkSession spark, Path dir, int n, OptionalInt imageSize) throws IOException {
    Path input = dir.resolve("idx");
    java.nio.file.Files.createDirectories(input);
    SourceFixtures.writeIdxImages(input.resolve("t10k-images-idx3-ubyte"), SourceFixtures.randomImages(n, 784, 7),
        28, 28);
    SourceFixtures.writeIdxLabels(input.resolve("t10k-labels-idx1-ubyte"), SourceFixtures.labels(n, CLASSES, 7));
    Path output = dir.resolve("dataset");
    SparkGanActions.get(spark, CLOCK).ingest(new IngestConfig(DatasetFormat.IDX, input.toString(), output.toString(),
        imageSize, OptionalInt.empty(), IfExists.FAIL, IngestConfig.RejectPolicy.COLLECT)).execute();
    return output;
  }

  /**
   * A small DCGAN-28 with every kind of state (convolutions, batch norm, Adam for both networks, EMA of G, linear
   * learning-rate decay), 6 steps in rounds of 2, a checkpoint every 2 steps, all kept.
   */
  public static ExperimentConfig dcgan(Path dataset, String... overrides) {
    String text = String.join("\n",
        "experiment.name = tiny",
        "experiment.seed = 11",
        "data.source = \"" + dataset + "\"",
        "data.split = test",
        "data.batch-size = 8",
        "model { architecture = dcgan, latent-dim = 8, generator-width = 4, discriminator-width = 4 }",
        "train { steps = 6, lr-decay = linear, ema-decay = 0.9, sample-every = 1000, log-every = 2 }",
        "train { workers = 2, average-every = 2, checkpoint-every = 2, keep-checkpoints.last = 10 }");
    return ExperimentConfig.parse(text, List.of(overrides));
  }

  public static TrainAction.Result train(SparkSession spark, ExperimentConfig config, Path output, String trial,
      boolean resume, TaskHook hook) throws Exception {
    return new TrainAction(spark, new TrainConfig(config, output.toString(), java.util.Optional.of(trial), resume),
        CLOCK, new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).withTaskHook(hook).execute();
  }

  public static Map<String, INDArray> finalState(RunLayout layout) throws IOException {
    Configuration conf = new Configuration();
    return Checkpoints.readState(conf, Checkpoints.newest(conf, layout).orElseThrow().path());
  }
}
