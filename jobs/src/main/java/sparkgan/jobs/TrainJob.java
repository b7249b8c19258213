package sparkgan.jobs;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import sparkgan.config.CommandLine;
import sparkgan.config.CommandLine.Option;
import sparkgan.distributed.TrainAction;
import sparkgan.distributed.TrainConfig;
import sparkgan.distributed.TrainKryoRegistrator;
import sparkgan.train.ExperimentConfig;

/** {@code train}: synchronous data-parallel training of an experiment on the executors. */
final class TrainJob implements Job {
  static final String DEFAULT_OUTPUT = "sparkgan-results";
  private static final CommandLine COMMAND_LINE = new CommandLine("train",
      "Trains a GAN on the cluster: train.workers Spark tasks, each on its own shard of the data, averaged every\n"
          + "train.average-every steps. Writes <output>/<name>/<trial>/ with config.conf, checkpoints/step=N/,\n"
          + "metrics/ (Parquet) and samples/ (PNG grids and progress.gif).",
      List.of(
          Option.value("--config", "file", "experiment file, e.g. conf/experiments/dcgan-fashion-mnist.conf (required)"),
          Option.value("--set", "key=value", "override a config value (repeatable)"),
          Option.value("--output", "path", "results folder, any Hadoop path (default " + DEFAULT_OUTPUT
              + ", relative to the working folder or the file system's home)"),
          Option.value("--trial-id", "id", "trial id (default: the YARN application id, else the UTC start time)"),
          Option.flag("--resume", "continue the trial (--trial-id) from its newest complete checkpoint")));

  @Override
  public CommandLine commandLine() {
    return COMMAND_LINE;
  }

  /**
   * Kryo with ND4J's registration and a buffer that holds a whole state; no compression of the broadcast state
   * (float weights do not compress, and LZ4 over tens of megabytes twice a round costs time). A user's own
   * settings win.
   */
  @Override
  public Map<String, String> sparkDefaults() {
    return Map.of("spark.serializer", "org.apache.spark.serializer.KryoSerializer",
        "spark.kryo.registrator", TrainKryoRegistrator.class.getName(),
        "spark.kryoserializer.buffer.max", "1024m",
        "spark.broadcast.compress", "false");
  }

  @Override
  public Prepared prepare(CommandLine.Parsed options) {
    ExperimentConfig experiment = ExperimentConfig.load(Path.of(options.required("--config")), options.values("--set"));
    TrainConfig config = new TrainConfig(experiment, options.value("--output").orElse(DEFAULT_OUTPUT),
        options.value("--trial-id"), options.flag("--resume"));
    return (spark, out) -> {
      TrainAction.Result result = new TrainAction(spark.get(), config, Clock.systemUTC(), out).execute();
      out.printf(Locale.ROOT, "throughput_img_s=%.2f%n", result.run().imagesPerSecond());
      out.println("checkpoint=" + result.run().lastCheckpoint());
      out.println("samples=" + result.layout().samples());
    };
  }
}
