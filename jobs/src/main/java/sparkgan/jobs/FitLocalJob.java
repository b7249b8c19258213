package sparkgan.jobs;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import sparkgan.config.CommandLine;
import sparkgan.config.CommandLine.Option;
import sparkgan.config.ConfigException;
import sparkgan.table.ImageDataset;
import sparkgan.train.ExperimentConfig;
import sparkgan.train.GanTraining;
import sparkgan.train.InMemoryImages;
import sparkgan.train.LocalRounds;
import sparkgan.train.RealData;
import sparkgan.train.RingOfGaussians;
import sparkgan.train.RunLayout;
import sparkgan.train.TrainingRun;

/** {@code fit-local}: trains an experiment on this machine (no cluster), writing samples, metrics and checkpoints. */
final class FitLocalJob implements Job {
  private static final CommandLine COMMAND_LINE = new CommandLine("fit-local",
      "Trains a GAN on this machine, without a cluster, to watch an experiment learn: one worker, the same run\n"
          + "layout as the train job (<output>/<name>/<trial>/ with config.conf, samples/, metrics/, checkpoints/).",
      List.of(
          Option.value("--config", "file", "experiment file, e.g. conf/experiments/ring8.conf (required)"),
          Option.value("--set", "key=value", "override a config value (repeatable)"),
          Option.value("--steps", "N", "generator steps (overrides train.steps)"),
          Option.value("--output", "path", "results folder (default target/runs)"),
          Option.value("--trial", "id", "trial id (default local-<first 12 hex of the config hash>)"),
          Option.flag("--resume", "continue the trial from its newest complete checkpoint")));

  @Override
  public CommandLine commandLine() {
    return COMMAND_LINE;
  }

  @Override
  public Prepared prepare(CommandLine.Parsed options) {
    List<String> overrides = new ArrayList<>(options.values("--set"));
    options.intValue("--steps").ifPresent(steps -> overrides.add("train.steps=" + steps));
    overrides.add("train.workers=1"); // one process is one worker, whatever the file says for the train job
    ExperimentConfig config = ExperimentConfig.load(Path.of(options.required("--config")), overrides);
    String output = options.value("--output").orElse("target/runs");
    String trial = options.value("--trial").orElse("local-" + config.sha256().substring(0, 12));
    if (!trial.matches("[A-Za-z0-9._-]+")) {
      throw ConfigException.invalid("--trial", "letters, digits, '.', '_' or '-'", trial);
    }
    boolean resume = options.flag("--resume");
    return (spark, out) -> {
      RealData data;
      String datasetHash;
      if (config.data().isRing()) {
        data = new RingOfGaussians(config.data().ringRadius(), config.data().ringStd());
        datasetHash = String.format(Locale.ROOT, "ring(radius=%s,std=%s)", config.data().ringRadius(),
            config.data().ringStd());
      } else {
        ImageDataset dataset = ImageDataset.open(spark.get(), config.data().source());
        data = InMemoryImages.fromRows(config.data().trainingRows(dataset).collectAsList(),
            dataset.manifest().classes(config.data().split()), config.seed(), 0);
        datasetHash = dataset.manifest().contentSha256();
      }
      GanTraining training = new GanTraining(GanTraining.Setup.of(config), data);
      TrainingRun.Result result = new TrainingRun(config, training, new LocalRounds(),
          RunLayout.of(output, config.name(), trial), datasetHash, java.util.Map.of(), hadoopConf(spark, config),
          Clock.systemUTC(), out).run(resume);
      out.printf(Locale.ROOT, "trained %d steps (%.1f ms/step); checkpoint %s%n", result.steps() - result.startStep(),
          result.secondsPerStep() * 1000, result.lastCheckpoint());
      if (data instanceof RingOfGaussians ring) {
        RingOfGaussians.Coverage c = ring.coverage(training.sample(training.latent(2500)));
        out.printf(Locale.ROOT, "ring: %d of 8 modes covered, %.1f%% of samples within 3 std of a mode%n",
            c.modesCovered(), 100 * c.highQualityShare());
      }
      out.println("samples: " + result.layout().samples());
    };
  }

  /** Spark's Hadoop configuration when Spark runs anyway (dataset input); otherwise a plain one, no Spark. */
  private static Configuration hadoopConf(Supplier<SparkSession> spark, ExperimentConfig config) {
    return config.data().isRing() ? new Configuration() : spark.get().sparkContext().hadoopConfiguration();
  }
}
