package sparkgan.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparkgan.config.CommandLine;
import sparkgan.config.CommandLine.Option;
import sparkgan.config.ConfigException;
import sparkgan.evaluate.report.ResultViews;
import sparkgan.table.ImageDataset;
import sparkgan.table.TrainMetrics;

/** {@code sql}: registers datasets as views and runs Spark SQL over them, printing each result. */
final class SqlJob implements Job {
  static final int MAX_ROWS = 200;
  private static final CommandLine COMMAND_LINE = new CommandLine("sql",
      "Runs Spark SQL statements over sparkgan tables. Each --dataset NAME=PATH becomes a view NAME (the image\n"
          + "rows, pixels included); --train-metrics adds a training run's metrics, --results an evaluation results\n"
          + "table with views that compare only scores of equal metric, extractor, protocol and n_fake.",
      List.of(
          Option.value("--dataset", "name=path", "an ingested dataset to query as view <name> (repeatable)"),
          Option.value("--train-metrics", "path", "a training trial folder, or a glob of them: views train_metrics "
              + "(one row per step, worker and metric) and train_rounds"),
          Option.value("--results", "path", "an evaluation results table: views gan_metrics, gan_metric_errors, "
              + "gan_metric_curves and gan_best_checkpoints"),
          Option.value("--query", "sql", "statement to run"),
          Option.value("--file", "path", "file of ';'-separated statements to run ('--' comments allowed)")));

  @Override
  public CommandLine commandLine() {
    return COMMAND_LINE;
  }

  @Override
  public Prepared prepare(CommandLine.Parsed options) {
    List<String[]> views = new ArrayList<>();
    for (String binding : options.values("--dataset")) {
      int equals = binding.indexOf('=');
      if (equals <= 0 || !binding.substring(0, equals).matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw ConfigException.invalid("--dataset", "<view name>=<path> with a SQL identifier as name", binding);
      }
      views.add(new String[] {binding.substring(0, equals), binding.substring(equals + 1)});
    }
    Optional<String> query = options.value("--query");
    Optional<String> file = options.value("--file");
    if (query.isPresent() == file.isPresent()) {
      throw new ConfigException("--query", "Cannot run sql: give exactly one of --query and --file.");
    }
    Optional<String> trainMetrics = options.value("--train-metrics");
    Optional<String> results = options.value("--results");
    return (sparkSupplier, out) -> {
      SparkSession spark = sparkSupplier.get();
      for (String[] view : views) {
        ImageDataset.open(spark, view[1]).rows().createOrReplaceTempView(view[0]);
      }
      if (trainMetrics.isPresent()) {
        TrainMetrics.readSteps(spark, trainMetrics.get()).createOrReplaceTempView("train_metrics");
        TrainMetrics.readRounds(spark, trainMetrics.get()).createOrReplaceTempView("train_rounds");
      }
      if (results.isPresent()) {
        ResultViews.register(spark, results.get());
      }
      for (String statement : query.isPresent() ? List.of(query.get()) : statements(spark, file.get())) {
        out.println("> " + statement.replaceAll("\\s+", " "));
        Dataset<Row> result = spark.sql(statement);
        out.print(result.showString(MAX_ROWS, 0 /* do not truncate */, false /* vertical */));
      }
    };
  }

  private static List<String> statements(SparkSession spark, String file) throws IOException {
    Path path = new Path(file);
    String text;
    try (InputStream in = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(path)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> statements = new ArrayList<>();
    for (String part : text.replaceAll("(?m)--.*$", "").split(";")) {
      if (!part.isBlank()) {
        statements.add(part.strip());
      }
    }
    return statements;
  }
}
