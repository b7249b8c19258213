package sparkgan.evaluate.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import sparkgan.table.ResultsTable;

/**
 * Ready-made views of the evaluation results table ({@link ResultsTable}) for {@code sql --results} and the
 * report. A score is comparable with another only when both measured the same {@code metric} with the same
 * extractor weights ({@code extractor_sha256}), the same preprocessing ({@code protocol}) and the same number of
 * generated samples ({@code n_fake}): FID in particular is biased by the sample count. Every view here that ranks
 * or lines up rows does so within those columns ({@link #COMPARABLE}), plus {@code larger_is_better}, so that no
 * query written against them can compare an FID at 10,000 samples with one at 50,000.
 * <ul>
 * <li>{@value #METRICS}: the table's rows as stored;
 * <li>{@value #ERRORS}: checkpoints a sweep could not score, and why;
 * <li>{@value #CURVES}: one row per score, ordered for plotting (comparable group, run, trial, seed, step);
 * <li>{@value #BEST}: per run, trial and comparable group, the best step by the metric's direction.
 * </ul>
 */
public final class ResultViews {
  public static final String METRICS = "gan_metrics";
  public static final String ERRORS = "gan_metric_errors";
  public static final String CURVES = "gan_metric_curves";
  public static final String BEST = "gan_best_checkpoints";

  /** The columns two scores must share to be compared. */
  public static final List<String> COMPARABLE = List.of("metric", "extractor_sha256", "protocol", "n_fake");

  private ResultViews() {}

  /** Registers the four views over the results table at {@code table} as temporary views of {@code spark}. */
  public static void register(SparkSession spark, String table) {
    Dataset<Row> metrics = ResultsTable.read(spark, table);
    metrics.createOrReplaceTempView(METRICS);
    ResultsTable.readErrors(spark, table).createOrReplaceTempView(ERRORS);
    curves(metrics).createOrReplaceTempView(CURVES);
    best(metrics).createOrReplaceTempView(BEST);
  }

  /**
   * Every score as a point of a curve: run, trial, step, the comparable group with the extractor's name, seed,
   * value, std, direction, flags, generator variant and checkpoint; ordered by group, run, trial, seed and step,
   * so that consecutive rows of one (group, run, trial, seed) are one line of a plot.
   */
  public static Dataset<Row> curves(Dataset<Row> metrics) {
    return metrics.select(col("run"), col("trial"), col("step"), col("metric"), col("extractor"),
        col("extractor_sha256"), col("protocol"), col("n_fake"), col("seed"), col("value"), col("std"),
        col("larger_is_better"), col("flags"), col("g_variant"), col("checkpoint"))
        .orderBy(columns(Stream.concat(COMPARABLE.stream(), Stream.of("run", "trial", "seed", "step"))));
  }

  /**
   * Per run, trial and comparable group, the best step: the smallest value where {@code larger_is_better} is
   * false, the largest where it is true; the earlier step wins a tie, and a NaN never wins. A checkpoint scored
   * with several seeds competes with the mean of its values ({@code n_seeds} says how many; {@code std} is then
   * null, since the stored spreads are of single scores). Columns: run, trial, metric, extractor,
   * extractor_sha256, protocol, n_fake, larger_is_better, best_step, value, std, n_seeds, checkpoint, g_variant,
   * n_steps (steps scored), n_rows (scores), latest_step and latest_value (where the curve ends, to tell a run
   * still improving from one past its best).
   */
  public static Dataset<Row> best(Dataset<Row> metrics) {
    List<String> series = Stream.concat(Stream.of("run", "trial"), Stream.concat(COMPARABLE.stream(),
        Stream.of("larger_is_better"))).toList();
    Dataset<Row> steps = metrics.groupBy(columns(Stream.concat(series.stream(), Stream.of("step"))))
        .agg(avg("value").as("value"), count(lit(1)).as("n_seeds"),
            when(count(lit(1)).equalTo(1), first("std")).as("std"), min("checkpoint").as("checkpoint"),
            min("extractor").as("extractor"), min("g_variant").as("g_variant"));
    WindowSpec group = Window.partitionBy(columns(series.stream()));
    // Ascending order of this key puts the best first: negated values where larger is better. Spark orders NaN
    // above every number (and -NaN is NaN), so a NaN score sorts last in both directions.
    Column badness = when(col("larger_is_better"), col("value").multiply(-1)).otherwise(col("value"));
    return steps.withColumn("rank", row_number().over(group.orderBy(badness.asc(), col("step").asc())))
        .withColumn("n_steps", count(lit(1)).over(group))
        .withColumn("n_rows", sum("n_seeds").over(group))
        .withColumn("latest_step", max("step").over(group))
        .withColumn("latest_value", max_by(col("value"), col("step")).over(group))
        .where(col("rank").equalTo(1))
        .select(col("run"), col("trial"), col("metric"), col("extractor"), col("extractor_sha256"), col("protocol"),
            col("n_fake"), col("larger_is_better"), col("step").as("best_step"), col("value"), col("std"),
            col("n_seeds"), col("checkpoint"), col("g_variant"), col("n_steps"), col("n_rows"), col("latest_step"),
            col("latest_value"))
        .orderBy(columns(Stream.concat(COMPARABLE.stream(), Stream.of("run", "trial"))));
  }

  private static Column[] columns(Stream<String> names) {
    return names.map(name -> col(name)).toArray(Column[]::new);
  }
}
