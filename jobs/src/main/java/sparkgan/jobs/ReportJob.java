package sparkgan.jobs;

import java.util.List;
import sparkgan.SparkGanActions;
import sparkgan.config.CommandLine;
import sparkgan.config.CommandLine.Option;
import sparkgan.evaluate.report.ReportConfig;
import sparkgan.evaluate.report.ReportResult;

/** {@code report}: plots and best checkpoints of an evaluation results table, as a new folder of files. */
final class ReportJob implements Job {
  private static final CommandLine COMMAND_LINE = new CommandLine("report",
      "Writes a report of an evaluation results table into a new folder: one PNG per comparable group (metric,\n"
          + "extractor, protocol, n_fake) of value against step with a line per run and trial, index.html with each\n"
          + "run's best checkpoint and the checkpoints that could not be scored, and best.csv.",
      List.of(
          Option.value("--table", "path", "the results table (required)"),
          Option.value("--out", "dir", "report folder to create; an existing one is refused (required)"),
          Option.value("--width", "px", "plot width (default " + ReportConfig.DEFAULT_WIDTH + ")"),
          Option.value("--height", "px", "plot height (default " + ReportConfig.DEFAULT_HEIGHT + ")")));

  @Override
  public CommandLine commandLine() {
    return COMMAND_LINE;
  }

  @Override
  public Prepared prepare(CommandLine.Parsed options) {
    ReportConfig config = new ReportConfig(options.required("--table"), options.required("--out"),
        options.intValue("--width").orElse(ReportConfig.DEFAULT_WIDTH),
        options.intValue("--height").orElse(ReportConfig.DEFAULT_HEIGHT));
    return (spark, out) -> {
      ReportResult result = SparkGanActions.get(spark.get()).report(config).execute();
      out.println("report=" + result.out());
      out.println("plots=" + result.plots());
      out.println("scores=" + result.scores());
      out.println("best_checkpoints=" + result.bestCheckpoints());
      out.println("errors=" + result.errors());
    };
  }
}
