package sparkgan.jobs;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import sparkgan.config.CommandLine;
import sparkgan.config.CommandLine.Option;
import sparkgan.evaluate.EvaluateAction;
import sparkgan.evaluate.EvaluateConfig;
import sparkgan.evaluate.ExtractorSpec;
import sparkgan.evaluate.metric.Kid;

/** {@code evaluate}: the sweep that scores every checkpoint not yet in the results table. */
final class EvaluateJob implements Job {
  private static final CommandLine COMMAND_LINE = new CommandLine("evaluate",
      "Scores every complete checkpoint under the runs that the results table does not hold yet (per metric,\n"
          + "extractor, protocol, sample count and seed), generating and extracting on the executors, and commits\n"
          + "each new score to the table (Parquet, partitioned by run). Safe to re-run, to kill, and to run twice at\n"
          + "once. Checkpoints that cannot be scored go to <table>/_errors with the reason.",
      List.of(
          Option.value("--runs", "glob", "run, trial or results folders, any Hadoop path glob (repeatable; required)"),
          Option.value("--table", "path", "results table (required)"),
          Option.value("--extractor", "spec", "inception:PATH (TF .pb or pytorch-fid .pth), classifier:PATH "
              + "(train-classifier output) or class:NAME[:ARG] (required)"),
          Option.value("--metrics", "list", "comma-separated fid,kid,is,pr,dc (default all)"),
          Option.value("--samples", "n", "generated images per checkpoint and seed (default "
              + EvaluateConfig.DEFAULT_SAMPLES + ")"),
          Option.value("--seeds", "k", "sample seeds 0..k-1, each its own row (default 1)"),
          Option.value("--real-split", "split", "split of the real images (default: the split the run trained on)"),
          Option.value("--real-samples", "n", "real images, the first by id (default: --samples)"),
          Option.value("--kid-subsets", "n", "KID subsets (default " + Kid.Settings.DEFAULT_SUBSETS + ")"),
          Option.value("--kid-subset-size", "m", "KID subset size (default " + Kid.Settings.DEFAULT_SUBSET_SIZE
              + ")"),
          Option.value("--batch-size", "n", "images per extractor call (default " + EvaluateConfig.DEFAULT_BATCH
              + ")")));

  @Override
  public CommandLine commandLine() {
    return COMMAND_LINE;
  }

  @Override
  public Prepared prepare(CommandLine.Parsed options) {
    List<String> runs = options.values("--runs");
    Set<EvaluateConfig.MetricGroup> metrics = EnumSet.noneOf(EvaluateConfig.MetricGroup.class);
    for (String name : options.value("--metrics").orElse("fid,kid,is,pr,dc").split(",")) {
      metrics.add(EvaluateConfig.MetricGroup.parse(name));
    }
    int samples = options.intValue("--samples").orElse(EvaluateConfig.DEFAULT_SAMPLES);
    EvaluateConfig config = new EvaluateConfig(new ArrayList<>(runs), options.required("--table"),
        ExtractorSpec.parse(options.required("--extractor")), metrics, samples, options.intValue("--seeds").orElse(1),
        options.value("--real-split"), options.intValue("--real-samples").orElse(samples),
        options.intValue("--kid-subsets").orElse(Kid.Settings.DEFAULT_SUBSETS),
        options.intValue("--kid-subset-size").orElse(Math.min(Kid.Settings.DEFAULT_SUBSET_SIZE, samples)),
        options.intValue("--batch-size").orElse(EvaluateConfig.DEFAULT_BATCH));
    return (spark, out) -> {
      EvaluateAction.Result result = new EvaluateAction(spark.get(), config, Clock.systemUTC(), out).execute();
      out.println("trials=" + result.trials());
      out.println("checkpoints=" + result.checkpoints());
      out.println("checkpoints_scored=" + result.checkpointsScored());
      out.println("cells_committed=" + result.cellsCommitted());
      out.println("cells_present=" + result.cellsPresent());
      out.println("failures=" + result.failures());
      out.println("table=" + result.table());
    };
  }
}
