package sparkgan.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import sparkgan.SparkGanActions;
import sparkgan.config.CommandLine;
import sparkgan.config.CommandLine.Option;
import sparkgan.ingest.DatasetFormat;
import sparkgan.ingest.IngestConfig;
import sparkgan.ingest.IngestResult;
import sparkgan.table.IfExists;

/**
 * {@code bench-ingest}: a benchmark, not a test. Times a full IDX ingest and, as the bound to compare it with, the
 * time to merely read and gunzip the same files on one thread. Prints {@code key=value} figures.
 */
final class IngestBenchmarkJob implements Job {
  private static final CommandLine COMMAND_LINE = new CommandLine("bench-ingest",
      "Benchmark: ingests an IDX dataset (e.g. the full Fashion-MNIST) into a temporary folder and prints images per\n"
          + "second, next to the time to only read and gunzip the same files.",
      List.of(Option.value("--input", "path", "folder of IDX files (required)")));

  @Override
  public CommandLine commandLine() {
    return COMMAND_LINE;
  }

  @Override
  public Prepared prepare(CommandLine.Parsed options) {
    String input = options.required("--input");
    return (sparkSupplier, out) -> {
      SparkSession spark = sparkSupplier.get();
      double readSeconds = readAndGunzip(spark, input);
      java.nio.file.Path scratch = Files.createTempDirectory("sparkgan-bench-ingest");
      IngestConfig config = new IngestConfig(DatasetFormat.IDX, input, scratch.resolve("dataset").toUri().toString(),
          OptionalInt.empty(), OptionalInt.empty(), IfExists.FAIL, IngestConfig.RejectPolicy.COLLECT);
      long start = System.nanoTime();
      IngestResult result = SparkGanActions.get(spark).ingest(config).execute();
      double ingestSeconds = (System.nanoTime() - start) / 1e9;
      FileSystem.getLocal(new Configuration()).delete(new Path(scratch.toUri()), true /* recursive */);
      out.printf(Locale.ROOT, "images=%d master=%s%n", result.rows(), spark.sparkContext().master());
      out.printf(Locale.ROOT, "ingest_s=%.2f ingest_img_s=%.0f%n", ingestSeconds, result.rows() / ingestSeconds);
      out.printf(Locale.ROOT, "read_gunzip_s=%.2f read_gunzip_img_s=%.0f%n", readSeconds, result.rows() / readSeconds);
    };
  }

  /** Reads every file of the folder to the end, gunzipping .gz files, on the calling thread. */
  private static double readAndGunzip(SparkSession spark, String folder) throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path root = new Path(folder);
    FileSystem fs = root.getFileSystem(conf);
    byte[] buffer = new byte[1 << 20];
    long start = System.nanoTime();
    for (FileStatus status : fs.listStatus(root)) {
      if (!status.isFile()) {
        continue;
      }
      InputStream raw = fs.open(status.getPath());
      try (InputStream in = status.getPath().getName().endsWith(".gz")
          ? new GZIPInputStream(raw, 1 << 20) : raw) {
        while (in.read(buffer) >= 0) {
          // reading is the work being timed
        }
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
