package sparkgan;

import java.time.Clock;
import sparkgan.evaluate.report.ReportAction;
import sparkgan.evaluate.report.ReportConfig;
import sparkgan.ingest.IngestAction;
import sparkgan.ingest.IngestConfig;
import org.apache.spark.sql.SparkSession;

/**
 * Entry point to sparkgan's Spark actions: {@code SparkGanActions.get(spark).ingest(config).execute()}. Each action
 * takes one validated config record and returns a typed result; the jobs in {@code sparkgan.jobs} are thin
 * command-line wrappers around these.
 */
public final class SparkGanActions {
  private final SparkSession spark;
  private final Clock clock;

  private SparkGanActions(SparkSession spark, Clock clock) {
    this.spark = spark;
    this.clock = clock;
  }

  public static SparkGanActions get(SparkSession spark) {
    return new SparkGanActions(spark, Clock.systemUTC());
  }

  /** The same, with a fixed clock for the timestamps written into manifests (tests). */
  public static SparkGanActions get(SparkSession spark, Clock clock) {
    return new SparkGanActions(spark, clock);
  }

  public IngestAction ingest(IngestConfig config) {
    return new IngestAction(spark, config, clock);
  }

  public ReportAction report(ReportConfig config) {
    return new ReportAction(spark, config, clock);
  }
}
