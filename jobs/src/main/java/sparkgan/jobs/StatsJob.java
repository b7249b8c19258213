package sparkgan.jobs;

import java.util.List;
import org.apache.hadoop.fs.Path;
import sparkgan.config.CommandLine;
import sparkgan.config.CommandLine.Option;
import sparkgan.evaluate.EvaluateConfig;
import sparkgan.evaluate.ExtractorSpec;
import sparkgan.evaluate.StatisticsExport;

/** {@code stats}: exports a dataset split's FID statistics as a TTUR/pytorch-fid .npz file. */
final class StatsJob implements Job {
  private static final CommandLine COMMAND_LINE = new CommandLine("stats",
      "Writes the FID statistics (mu, sigma) of a dataset split's features as an .npz file that TTUR, pytorch-fid\n"
          + "and numpy read. The features come from the reference cache beside the dataset (computed if missing).",
      List.of(
          Option.value("--dataset", "path", "an ingested dataset (required)"),
          Option.value("--split", "split", "split (default train)"),
          Option.value("--extractor", "spec", "inception:PATH, classifier:PATH or class:NAME[:ARG] (required)"),
          Option.value("--samples", "n", "rows used, the first by id (default: all)"),
          Option.value("--batch-size", "n", "images per extractor call (default " + EvaluateConfig.DEFAULT_BATCH
              + ")"),
          Option.value("--out", "file.npz", "statistics file to write; never overwritten (required)")));

  @Override
  public CommandLine commandLine() {
    return COMMAND_LINE;
  }

  @Override
  public Prepared prepare(CommandLine.Parsed options) {
    String dataset = options.required("--dataset");
    String split = options.value("--split").orElse("train");
    ExtractorSpec extractor = ExtractorSpec.parse(options.required("--extractor"));
    long samples = options.intValue("--samples").isPresent() ? options.intValue("--samples").getAsInt()
        : Long.MAX_VALUE;
    int batch = options.intValue("--batch-size").orElse(EvaluateConfig.DEFAULT_BATCH);
    Path out = new Path(options.required("--out"));
    return (spark, printer) -> {
      StatisticsExport.Result result = StatisticsExport.run(spark.get(), dataset, split, samples, extractor, batch,
          out);
      printer.println("rows=" + result.rows());
      printer.println("dimension=" + result.dimension());
      printer.println("reference=" + result.reference());
      printer.println("statistics=" + result.file());
    };
  }
}
