package sparkgan.table;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import sparkgan.config.Sha256;

/**
 * The evaluation results table: one row per scored cell, Parquet partitioned by run name.
 * <pre>
 * &lt;table&gt;/run=&lt;run&gt;/cell-&lt;sha256 of the cell key&gt;.parquet          one score (the row of one cell)
 * &lt;table&gt;/_errors/run=&lt;run&gt;/error-&lt;sweep&gt;-&lt;sha256&gt;.parquet   a checkpoint a sweep could not score, and why
 * </pre>
 * The cell key is (run, trial, step, metric, extractor_sha256, protocol, n_fake, seed): a score is a function of
 * it. Each cell is its own file, named by the SHA-256 of its key and committed by a rename that fails if the file
 * exists ({@link AtomicFile}), so a cell is never written twice: a second sweep skips the cells it finds, two sweeps
 * racing for one cell keep the first commit and drop the other's, and a sweep killed at any moment leaves whole
 * rows or none (the hidden temporary file it may leave is not part of the table). Spark reads the folder as one
 * table with {@code run} from the folder names; files whose name starts with {@code _} or {@code .} are not rows.
 *
 * <p>Columns: see {@link #SCHEMA} (the data files) plus the partition column {@code run}. {@code std} is the
 * spread over splits (IS) or subsets (KID), null where the metric has none; {@code flags} lists numerical repairs
 * and warnings, comma-separated, empty when none; {@code g_variant} is {@code ema} or {@code raw};
 * {@code evaluated_at} is UTC.
 */
public final class ResultsTable {
  public static final String RUN = "run";
  public static final String ERRORS = "_errors";

  /** The data files' schema; {@code run} is the partition column and lives in the folder name. */
  public static final MessageType SCHEMA = MessageTypeParser.parseMessageType("message gan_metric {"
      + " required binary trial (STRING); required int64 step; required binary metric (STRING);"
      + " required binary extractor_sha256 (STRING); required binary protocol (STRING); required int64 n_fake;"
      + " required int64 seed; required double value; optional double std; required boolean larger_is_better;"
      + " required binary flags (STRING); required int64 n_real; required binary reference_key (STRING);"
      + " required binary extractor (STRING); required binary dataset_sha256 (STRING);"
      + " required binary config_sha256 (STRING); required binary checkpoint (STRING);"
      + " required binary checkpoint_sha256 (STRING); required binary g_variant (STRING);"
      + " required binary sparkgan_version (STRING); required int64 evaluated_at (TIMESTAMP(MILLIS,true));"
      + " required double seconds; }");

  static final MessageType ERROR_SCHEMA = MessageTypeParser.parseMessageType("message gan_metric_error {"
      + " required binary trial (STRING); required int64 step; required binary checkpoint (STRING);"
      + " required binary extractor_sha256 (STRING); required binary reason (STRING);"
      + " required int64 evaluated_at (TIMESTAMP(MILLIS,true)); }");

  /** What identifies a score: two rows with equal keys would be the same measurement. */
  public record CellKey(String run, String trial, long step, String metric, String extractorSha256, String protocol,
      long nFake, long seed) {
    public CellKey {
      Objects.requireNonNull(run, "run");
      Objects.requireNonNull(trial, "trial");
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(extractorSha256, "extractorSha256");
      Objects.requireNonNull(protocol, "protocol");
      if (run.isEmpty()) {
        throw new IllegalArgumentException("run must be a non-empty name, got an empty one");
      }
    }

    /** SHA-256 over the fields, each followed by a NUL: the cell's file name. */
    public String sha256() {
      var digest = Sha256.digest();
      for (Object field : List.of(run, trial, step, metric, extractorSha256, protocol, nFake, seed)) {
        digest.update(field.toString().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return java.util.HexFormat.of().formatHex(digest.digest());
    }
  }

  /** One score with everything that produced it. */
  public record Score(CellKey key, double value, Double std, boolean largerIsBetter, List<String> flags, long nReal,
      String referenceKey, String extractor, String datasetSha256, String configSha256, String checkpoint,
      String checkpointSha256, String gVariant, String sparkganVersion, Instant evaluatedAt, double seconds) {
    public Score {
      Objects.requireNonNull(key, "key");
      flags = List.copyOf(flags);
      for (String flag : flags) {
        if (flag.contains(",")) {
          throw new IllegalArgumentException("flags must not contain ',', got " + flag);
        }
      }
    }
  }

  /** A checkpoint a sweep could not score. */
  public record Failure(String run, String trial, long step, String checkpoint, String extractorSha256, String reason,
      Instant evaluatedAt) {}

  private ResultsTable() {}

  /** The table's rows as Spark reads them (an empty table when nothing was committed yet). */
  public static Dataset<Row> read(SparkSession spark, String table) {
    return readFolder(spark, table, SCHEMA);
  }

  /** The errors table's rows. */
  public static Dataset<Row> readErrors(SparkSession spark, String table) {
    return readFolder(spark, new Path(table, ERRORS).toString(), ERROR_SCHEMA);
  }

  private static Dataset<Row> readFolder(SparkSession spark, String folder, MessageType schema) {
    Path path = new Path(folder);
    org.apache.spark.sql.types.StructType struct = new org.apache.spark.sql.execution.datasources.parquet
        .ParquetToSparkSchemaConverter(spark.sessionState().conf()).convert(schema)
        .add(RUN, org.apache.spark.sql.types.DataTypes.StringType);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path) || cellFolders(fs, path).isEmpty()) {
        return spark.createDataFrame(List.of(), struct);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("Cannot read the results table " + folder, e);
    }
    // The schema is given, not inferred: Spark would otherwise type the partition column from the folder names,
    // and runs named "007" and "2026" would become the integers 7 and 2026.
    return spark.read().schema(struct).option("basePath", folder).parquet(folder + "/" + RUN + "=*");
  }

  private static List<FileStatus> cellFolders(FileSystem fs, Path table) throws IOException {
    List<FileStatus> folders = new ArrayList<>();
    for (FileStatus status : fs.listStatus(table)) {
      if (status.isDirectory() && status.getPath().getName().startsWith(RUN + "=")) {
        folders.add(status);
      }
    }
    return folders;
  }

  /**
   * The keys of the cells already in the table, read from the file names alone (no Parquet is opened): a sweep
   * calls it before planning its work.
   */
  public static Set<String> committedCells(Configuration conf, Path table) throws IOException {
    FileSystem fs = table.getFileSystem(conf);
    Set<String> cells = new HashSet<>();
    try {
      for (FileStatus folder : cellFolders(fs, table)) {
        for (FileStatus file : fs.listStatus(folder.getPath())) {
          String name = file.getPath().getName();
          if (name.startsWith("cell-") && name.endsWith(".parquet")) {
            cells.add(name.substring("cell-".length(), name.length() - ".parquet".length()));
          }
        }
      }
    } catch (FileNotFoundException e) {
      return cells;
    }
    return cells;
  }

  /** The folder of a run's partition: {@code run=<name>}, escaped as Spark escapes partition values. */
  static Path partition(Path table, String run) {
    return new Path(table, RUN + "=" + ExternalCatalogUtils.escapePathName(run));
  }

  /**
   * Commits one score. Returns false, writing nothing, when the cell is already in the table (committed earlier or
   * by a sweep running at the same time).
   */
  public static boolean commit(Configuration conf, Path table, Score score) throws IOException {
    Path file = new Path(partition(table, score.key().run()), "cell-" + score.key().sha256() + ".parquet");
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    try {
      ParquetFiles.write(conf, file, IfExists.FAIL, SCHEMA, writer -> writer.write(group(groups, score)));
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  private static Group group(SimpleGroupFactory groups, Score score) {
    CellKey key = score.key();
    Group group = groups.newGroup().append("trial", key.trial()).append("step", key.step())
        .append("metric", key.metric()).append("extractor_sha256", key.extractorSha256())
        .append("protocol", key.protocol()).append("n_fake", key.nFake()).append("seed", key.seed())
        .append("value", score.value());
    if (score.std() != null) {
      group.append("std", score.std());
    }
    return group.append("larger_is_better", score.largerIsBetter()).append("flags", String.join(",", score.flags()))
        .append("n_real", score.nReal()).append("reference_key", score.referenceKey())
        .append("extractor", score.extractor()).append("dataset_sha256", score.datasetSha256())
        .append("config_sha256", score.configSha256()).append("checkpoint", score.checkpoint())
        .append("checkpoint_sha256", score.checkpointSha256()).append("g_variant", score.gVariant())
        .append("sparkgan_version", score.sparkganVersion())
        .append("evaluated_at", score.evaluatedAt().toEpochMilli()).append("seconds", score.seconds());
  }

  /** Records a checkpoint a sweep could not score; {@code sweep} names the sweep, so each attempt keeps its row. */
  public static void recordFailure(Configuration conf, Path table, String sweep, Failure failure) throws IOException {
    var digest = Sha256.digest();
    digest.update((failure.trial() + "\0" + failure.step() + "\0" + failure.extractorSha256())
        .getBytes(StandardCharsets.UTF_8));
    Path file = new Path(partition(new Path(table, ERRORS), failure.run()),
        "error-" + sweep + "-" + java.util.HexFormat.of().formatHex(digest.digest()) + ".parquet");
    SimpleGroupFactory groups = new SimpleGroupFactory(ERROR_SCHEMA);
    ParquetFiles.write(conf, file, IfExists.FAIL, ERROR_SCHEMA, writer -> writer.write(groups.newGroup()
        .append("trial", failure.trial()).append("step", failure.step()).append("checkpoint", failure.checkpoint())
        .append("extractor_sha256", failure.extractorSha256()).append("reason", failure.reason())
        .append("evaluated_at", failure.evaluatedAt().toEpochMilli())));
  }
}
