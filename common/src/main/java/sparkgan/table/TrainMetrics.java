package sparkgan.table;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The training metrics of a trial, two Parquet tables under {@code <trial>/metrics/}:
 * <pre>
 * steps/upto-&lt;step&gt;.parquet    one row per (step, worker, metric): step BIGINT, worker INT, metric STRING, value DOUBLE
 * rounds/upto-&lt;step&gt;.parquet   one row per averaging round: round, first_step, last_step BIGINT, workers INT,
 *                              examples BIGINT, compute_s, broadcast_s, reduce_s, round_s DOUBLE, bytes_moved BIGINT,
 *                              img_s DOUBLE
 * </pre>
 * Step rows are the GAN's own numbers (losses, D(x), D(G(z)), gradient norms, learning rates) and are the same bits
 * in any rerun; timings live only in round rows. Each checkpoint appends one chunk file per table, covering the
 * steps since the previous one, written with {@link AtomicFile} before the checkpoint commits. A crash can leave a
 * chunk whose checkpoint never committed: resuming deletes chunks past the checkpoint it resumes from
 * ({@link #deleteAfter}), and the rerun writes the same rows again, so no row is ever duplicated. Spark reads each
 * folder as one table ({@code sql --train-metrics}).
 *
 * <p>Written with parquet-hadoop's own writer, not Spark's, so that training without Spark (fit-local) writes the
 * same tables.
 */
public final class TrainMetrics {
  public static final String STEPS = "steps";
  public static final String ROUNDS = "rounds";

  static final MessageType STEP_SCHEMA = MessageTypeParser.parseMessageType("message train_step {"
      + " required int64 step; required int32 worker; required binary metric (STRING); required double value; }");
  static final MessageType ROUND_SCHEMA = MessageTypeParser.parseMessageType("message train_round {"
      + " required int64 round; required int64 first_step; required int64 last_step; required int32 workers;"
      + " required int64 examples; required double compute_s; required double broadcast_s; required double reduce_s;"
      + " required double round_s; required int64 bytes_moved; required double img_s; }");

  /** One metric of one worker at one step. */
  public record StepRow(long step, int worker, String metric, double value) implements java.io.Serializable {}

  /** Costs of one averaging round. */
  public record RoundRow(long round, long firstStep, long lastStep, int workers, long examples, double computeSeconds,
      double broadcastSeconds, double reduceSeconds, double roundSeconds, long bytesMoved) {
    /** Real images consumed per second by all workers together. */
    public double imagesPerSecond() {
      return roundSeconds > 0 ? examples / roundSeconds : 0;
    }
  }

  private TrainMetrics() {}

  /**
   * The step rows of every trial {@code trials} matches (a trial folder, or a glob such as
   * {@code results/*&#47;*}), with the trial's folder as column {@code trial_path}.
   */
  public static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> readSteps(
      org.apache.spark.sql.SparkSession spark, String trials) {
    return read(spark, trials, STEPS);
  }

  /** The round rows, as {@link #readSteps}. */
  public static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> readRounds(
      org.apache.spark.sql.SparkSession spark, String trials) {
    return read(spark, trials, ROUNDS);
  }

  private static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> read(org.apache.spark.sql.SparkSession spark,
      String trials, String table) {
    String base = trials.replaceAll("/+$", "");
    return spark.read().parquet(base + "/metrics/" + table).withColumn("trial_path",
        org.apache.spark.sql.functions.regexp_extract(org.apache.spark.sql.functions.input_file_name(),
            "^(.*)/metrics/" + table + "/[^/]*$", 1));
  }

  /** Appends the chunk of steps up to {@code upToStep}: one file per table, each committed by a rename. */
  public static void append(Configuration conf, Path metricsFolder, long upToStep, List<StepRow> steps,
      List<RoundRow> rounds) throws IOException {
    SimpleGroupFactory stepGroups = new SimpleGroupFactory(STEP_SCHEMA);
    ParquetFiles.write(conf, chunk(metricsFolder, STEPS, upToStep), IfExists.FAIL, STEP_SCHEMA, writer -> {
      for (StepRow row : steps) {
        writer.write(stepGroups.newGroup().append("step", row.step()).append("worker", row.worker())
            .append("metric", row.metric()).append("value", row.value()));
      }
    });
    SimpleGroupFactory roundGroups = new SimpleGroupFactory(ROUND_SCHEMA);
    ParquetFiles.write(conf, chunk(metricsFolder, ROUNDS, upToStep), IfExists.FAIL, ROUND_SCHEMA, writer -> {
      for (RoundRow row : rounds) {
        writer.write(roundGroups.newGroup().append("round", row.round()).append("first_step", row.firstStep())
            .append("last_step", row.lastStep()).append("workers", row.workers()).append("examples", row.examples())
            .append("compute_s", row.computeSeconds()).append("broadcast_s", row.broadcastSeconds())
            .append("reduce_s", row.reduceSeconds()).append("round_s", row.roundSeconds())
            .append("bytes_moved", row.bytesMoved()).append("img_s", row.imagesPerSecond()));
      }
    });
  }

  /** Deletes the chunks of both tables that cover steps after {@code step} (left by a run that died after them). */
  public static void deleteAfter(Configuration conf, Path metricsFolder, long step) throws IOException {
    for (String table : List.of(STEPS, ROUNDS)) {
      Path folder = new Path(metricsFolder, table);
      FileSystem fs = folder.getFileSystem(conf);
      FileStatus[] files;
      try {
        files = fs.listStatus(folder);
      } catch (FileNotFoundException e) {
        continue;
      }
      for (FileStatus file : files) {
        String name = file.getPath().getName();
        if (name.matches("upto-\\d+\\.parquet") && Long.parseLong(name.substring(5, name.length() - 8)) > step) {
          fs.delete(file.getPath(), false /* recursive */);
        }
      }
    }
  }

  /** Zero-padded so that file names sort in step order. */
  static Path chunk(Path metricsFolder, String table, long upToStep) {
    return new Path(new Path(metricsFolder, table), String.format(Locale.ROOT, "upto-%012d.parquet", upToStep));
  }
}
