package sparkgan.jobs;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import sparkgan.config.CommandLine;
import sparkgan.config.CommandLine.Option;
import sparkgan.distributed.TrainClassifierAction;
import sparkgan.distributed.TrainClassifierConfig;

/** {@code train-classifier}: a domain classifier for FCD/KCD, trained on the executors by the GAN trainer. */
final class TrainClassifierJob implements Job {
  static final String DEFAULT_CONFIG = "conf/experiments/classifier-fashion-mnist.conf";
  private static final CommandLine COMMAND_LINE = new CommandLine("train-classifier",
      "Trains a small CNN classifier of a dataset's labels on the cluster (the train job with gan.class =\n"
          + "classifier), measures its accuracy on the test split and commits it to <output>/classifier/\n"
          + "(network.bin, config.conf, classifier.json). Its features give the fcd and kcd scores.",
      List.of(
          Option.value("--dataset", "path", "dataset written by ingest, every image labelled (required)"),
          Option.value("--split", "name", "split to train on (default train)"),
          Option.value("--test-split", "name", "split to measure the accuracy on (default test)"),
          Option.value("--output", "path", "folder for training/ and classifier/ (required)"),
          Option.value("--config", "file", "experiment file (default " + DEFAULT_CONFIG + ")"),
          Option.value("--set", "key=value", "override a config value (repeatable)"),
          Option.value("--trial-id", "id", "the training's trial id (default: the YARN application id, else the UTC "
              + "start time)"),
          Option.flag("--resume", "continue the training (--trial-id) from its newest complete checkpoint")));

  @Override
  public CommandLine commandLine() {
    return COMMAND_LINE;
  }

  /** As the train job: the same rounds move the same states. */
  @Override
  public Map<String, String> sparkDefaults() {
    return new TrainJob().sparkDefaults();
  }

  @Override
  public Prepared prepare(CommandLine.Parsed options) {
    TrainClassifierConfig config = TrainClassifierConfig.load(
        Path.of(options.value("--config").orElse(DEFAULT_CONFIG)), options.values("--set"),
        options.required("--dataset"), options.value("--split").orElse("train"),
        options.value("--test-split").orElse("test"), options.required("--output"), options.value("--trial-id"),
        options.flag("--resume"));
    return (spark, out) -> {
      TrainClassifierAction.Result result = new TrainClassifierAction(spark.get(), config, Clock.systemUTC(), out)
          .execute();
      out.printf(Locale.ROOT, "test_accuracy=%.4f%n", result.classifier().description().testAccuracy());
      out.println("classifier=" + result.classifier().folder());
    };
  }
}
