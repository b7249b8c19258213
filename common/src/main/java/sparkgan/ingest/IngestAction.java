package sparkgan.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;
import sparkgan.config.CommandLine;
import sparkgan.config.SparkganVersion;
import sparkgan.table.CommitFailedException;
import sparkgan.table.CommitStateUnknownException;
import sparkgan.table.DatasetManifest;
import sparkgan.table.DirectoryCommit;
import sparkgan.table.IfExists;
import sparkgan.table.ImageDataset;
import sparkgan.table.ImageRecord;
import sparkgan.table.TableStatistics;

/**
 * Turns a source dataset into a committed image table ({@link ImageDataset}):
 *
 * <ol>
 *   <li>plan on the driver: find the files, check headers and sizes (bad input fails here, before any Spark job);
 *   <li>read and decode in executor tasks, writing Parquet under a staging folder beside the output;
 *   <li>read the staged table back: check schema and row count, compute counts, channel statistics and the
 *       content hash; hash every source file;
 *   <li>write {@code _manifest.json} into staging and commit by rename ({@link DirectoryCommit}).
 * </ol>
 * Any failure deletes the staging folder; the output is either absent, as before, or complete.
 */
public final class IngestAction {
  private static final Logger LOG = LoggerFactory.getLogger(IngestAction.class);

  private final SparkSession spark;
  private final IngestConfig config;
  private final Clock clock;

  public IngestAction(SparkSession spark, IngestConfig config, Clock clock) {
    this.spark = spark;
    this.config = config;
    this.clock = clock;
  }

  public IngestResult execute() {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    DirectoryCommit commit;
    try {
      commit = DirectoryCommit.begin(conf, new Path(config.output()));
      if (config.ifExists() == IfExists.FAIL && commit.targetExists()) {
        throw new CommitFailedException("Cannot ingest into " + config.output() + ": it already exists. Re-run with "
            + "--overwrite to replace it, or choose another --output.", null);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write dataset " + config.output() + ": " + e.getMessage(), e);
    }
    IngestPlan plan = plan(conf);
    ensureWritable(conf, commit);
    spark.sparkContext().setJobGroup("sparkgan-ingest", "sparkgan ingest " + config.input() + " -> "
        + config.output(), false /* interruptOnCancel */);
    try {
      DatasetManifest manifest = writeStaged(conf, plan, commit.staging());
      commit.commit(config.ifExists());
      LOG.info("Ingested {} images ({} rejected) into {}, content sha256 {}", manifest.rows(), manifest.rejects(),
          commit.target(), manifest.contentSha256());
      return new IngestResult(commit.target().toString(), manifest);
    } catch (CommitStateUnknownException e) {
      throw e; // staging may hold the only copy of the new data: keep it
    } catch (Exception e) { // Spark rethrows task failures as the checked SparkException
      RuntimeException reported = reported(e);
      commit.abandon(reported);
      throw reported;
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  private IngestPlan plan(Configuration conf) {
    try {
      return SourceFormat.of(config.format()).plan(conf, config);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot ingest " + config.input() + ": " + e.getMessage(), e);
    }
  }

  private static void ensureWritable(Configuration conf, DirectoryCommit commit) {
    try {
      FileSystem fs = commit.staging().getFileSystem(conf);
      if (!fs.mkdirs(commit.staging())) {
        throw new IOException("mkdirs returned false");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write dataset " + commit.target() + ": cannot create "
          + commit.staging() + " (" + e.getMessage() + "). Check that the parent folder exists and is writable.", e);
    }
  }

  private DatasetManifest writeStaged(Configuration conf, IngestPlan plan, Path staging) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    SerializableConfiguration taskConf = new SerializableConfiguration(conf);
    JavaRDD<IngestRecord> records = jsc.parallelize(plan.tasks(), plan.tasks().size())
        .flatMap(task -> task.read(taskConf.value()));
    boolean mayReject = plan.expectedRows().isEmpty();
    if (mayReject) {
      records.persist(StorageLevel.MEMORY_AND_DISK_SER()); // read once, split into images and rejects
    }
    try {
      spark.createDataFrame(records.filter(r -> !r.isRejected()).map(r -> r.image().toRow()), ImageDataset.SCHEMA)
          .write().mode(SaveMode.Append).partitionBy(ImageDataset.SPLIT).parquet(staging.toString());
      long rejects = mayReject ? writeRejects(records, staging) : 0;
      LOG.info("Wrote {} to staging {}", config.input(), staging);

      Dataset<Row> written = spark.read().parquet(staging.toString());
      TableStatistics stats = written.javaRDD().treeAggregate(new TableStatistics(),
          (s, row) -> s.add(ImageRecord.fromRow(row)), TableStatistics::merge);
      long expected = plan.expectedRows().orElseGet(() -> records.filter(r -> !r.isRejected()).count());
      check(stats, expected, written, staging);
      LOG.info("Checked {} staged rows: shape {}, splits {}", stats.rows(), stats.shapes(), stats.splitCounts());

      SortedMap<String, String> sourceHashes = hashSources(jsc, taskConf, plan.sourceFiles());
      String[] shape = stats.shapes().get(0).split("x");
      DatasetManifest manifest = new DatasetManifest(DatasetManifest.FORMAT_VERSION,
          CommandLine.optionName(config.format()), config.input(), stats.rows(), rejects,
          stats.splitCounts(), stats.labelCounts(), plan.labelNames(), Integer.parseInt(shape[0]),
          Integer.parseInt(shape[1]), Integer.parseInt(shape[2]), stats.channelMean(), stats.channelStd(),
          sourceHashes, stats.contentSha256(), SparkganVersion.version(), clock.instant().toString(),
          new TreeMap<>(config.provenance()));
      manifest.write(staging.getFileSystem(conf), new Path(staging, ImageDataset.MANIFEST_FILE));
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write dataset " + config.output() + ": " + e.getMessage(), e);
    } finally {
      records.unpersist(false /* blocking */);
    }
  }

  private long writeRejects(JavaRDD<IngestRecord> records, Path staging) {
    JavaRDD<Row> rejects = records.filter(IngestRecord::isRejected)
        .map(r -> RowFactory.create(r.rejectedPath(), r.rejectReason()));
    List<Row> firstRejects = rejects.take(1);
    if (firstRejects.isEmpty()) {
      return 0;
    }
    long count = rejects.count();
    String failed = config.padTo().isPresent() ? "decoded or padded" : "decoded";
    if (config.rejects() == IngestConfig.RejectPolicy.FAIL) {
      throw new InvalidSourceException("Cannot ingest " + config.input() + ": " + count + " image(s) could not be "
          + failed + ", e.g. " + firstRejects.get(0).getString(0) + ": " + firstRejects.get(0).getString(1)
          + ". Remove them, or drop --fail-on-reject to collect them in " + ImageDataset.REJECTS_DIR + "/.");
    }
    LOG.warn("{} image(s) could not be {}; they are listed in {}/{}", count, failed, config.output(),
        ImageDataset.REJECTS_DIR);
    spark.createDataFrame(rejects, ImageDataset.REJECTS_SCHEMA).coalesce(1).write()
        .parquet(new Path(staging, ImageDataset.REJECTS_DIR).toString());
    return count;
  }

  /** The written table must be exactly what the sources hold, in the dataset schema, with one image shape. */
  private void check(TableStatistics stats, long expected, Dataset<Row> written, Path staging) {
    if (!ImageDataset.sameColumnsAs(written.schema())) {
      throw new IllegalStateException("Cannot commit " + config.output() + ": the staged table's schema "
          + written.schema().simpleString() + " is not the dataset schema.");
    }
    if (stats.rows() != expected) {
      throw new IllegalStateException("Cannot commit " + config.output() + ": " + stats.rows() + " rows were written "
          + "to " + staging + " but the sources hold " + expected + ".");
    }
    if (stats.rows() == 0) {
      throw new InvalidSourceException("Cannot ingest " + config.input() + ": no image could be decoded.");
    }
    if (stats.shapes().size() != 1) {
      throw new InvalidSourceException("Cannot ingest " + config.input() + ": images have different shapes "
          + stats.shapes() + ". Pass --image-size (or --pad-to) and --channels to give them one.");
    }
  }

  /** SHA-256 of every source file, computed in parallel on the executors, keyed by path relative to the input. */
  private SortedMap<String, String> hashSources(JavaSparkContext jsc, SerializableConfiguration taskConf,
      List<String> files) throws IOException {
    Path input = new Path(config.input());
    String root = input.getFileSystem(taskConf.value()).makeQualified(input).toUri().getPath();
    Map<String, String> hashes = jsc.parallelize(files, Math.max(1, Math.min(files.size(), 64)))
        .mapToPair(file -> new Tuple2<>(file, SourceFiles.sha256(taskConf.value(), file))).collectAsMap();
    SortedMap<String, String> byRelativePath = new TreeMap<>();
    hashes.forEach((file, sha) -> {
      String path = new Path(file).toUri().getPath();
      String key = path.startsWith(root + "/") ? path.substring(root.length() + 1) : new Path(file).getName();
      byRelativePath.put(key, sha);
    });
    return byRelativePath;
  }

  /**
   * Spark reports an executor's exception wrapped in its own; a bad source file is the user's problem, so its
   * message (file, record, offset) is what they should see, not the stage failure around it.
   */
  private RuntimeException reported(Exception failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidSourceException invalid) {
        return t == failure ? invalid : new InvalidSourceException(invalid.getMessage(), failure);
      }
    }
    if (failure instanceof RuntimeException runtime) {
      return runtime;
    }
    return new IngestFailedException("Cannot ingest " + config.input() + ": " + failure.getMessage(), failure);
  }
}
