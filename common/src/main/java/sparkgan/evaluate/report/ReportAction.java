package sparkgan.evaluate.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparkgan.table.DirectoryCommit;
import sparkgan.table.IfExists;
import sparkgan.table.ResultsTable;

/**
 * Writes a report of a results table into a new folder, committed by one rename ({@link DirectoryCommit}):
 * <pre>
 * &lt;out&gt;/index.html        the page: each group's plot, each run's best checkpoint, the errors
 * &lt;out&gt;/NN-&lt;metric&gt;-&lt;extractor&gt;-n&lt;n_fake&gt;.png   one plot per comparable group
 * &lt;out&gt;/best.csv          each run's best checkpoint per comparable group
 * </pre>
 * The views do the comparing ({@link ResultViews}); the driver collects their rows, which are one per score and
 * so small even for hundreds of checkpoints, and draws and writes them.
 */
public final class ReportAction {
  public static final String INDEX = "index.html";
  public static final String BEST_CSV = "best.csv";

  private final SparkSession spark;
  private final ReportConfig config;
  private final Clock clock;

  public ReportAction(SparkSession spark, ReportConfig config, Clock clock) {
    this.spark = spark;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Reads the table through the views, draws each group's plot, and commits plots and pages as one folder.
   *
   * @throws ReportFailedException the table does not exist or has no scores, or the output exists
   */
  public ReportResult execute() throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path table = new Path(config.table());
    Path out = new Path(config.out());
    // Checked before any work for a clear message; the commit's rename refuses an existing folder all the same.
    if (out.getFileSystem(conf).exists(out)) {
      throw new ReportFailedException("Cannot write the report to " + out + ": it already exists, and a report is "
          + "never overwritten. Choose another --out or remove the old report.");
    }
    if (!table.getFileSystem(conf).exists(table)) {
      throw new ReportFailedException("Cannot write a report of " + table + ": there is no results table there.");
    }
    Dataset<Row> metrics = ResultsTable.read(spark, config.table());
    List<Row> curves = ResultViews.curves(metrics).collectAsList();
    if (curves.isEmpty()) {
      throw new ReportFailedException("Cannot write a report of " + table + ": the results table has no scores "
          + "(evaluate commits them as run=<name>/cell-*.parquet).");
    }
    List<MetricGroup> groups = MetricGroup.of(curves, ResultViews.best(metrics).collectAsList());
    List<Row> errors = ResultsTable.readErrors(spark, config.table()).orderBy("run", "trial", "step", "evaluated_at")
        .collectAsList();
    List<String> plots = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      plots.add(ReportPage.plotName(i, groups.get(i)));
    }
    String html = ReportPage.html(config.table(), clock.instant(), groups, plots, curves.size(), errors,
        config.width(), config.height());
    Path committed = DirectoryCommit.write(conf, out, IfExists.FAIL, (fs, staging) -> {
      for (int i = 0; i < groups.size(); i++) {
        write(fs, new Path(staging, plots.get(i)), ReportCharts.png(groups.get(i), config.width(), config.height()));
      }
      write(fs, new Path(staging, BEST_CSV), ReportPage.csv(groups).getBytes(StandardCharsets.UTF_8));
      write(fs, new Path(staging, INDEX), html.getBytes(StandardCharsets.UTF_8));
    });
    return new ReportResult(committed.toString(), groups.size(), curves.size(),
        groups.stream().mapToInt(group -> group.best().size()).sum(), errors.size());
  }

  private static void write(FileSystem fs, Path file, byte[] bytes) throws IOException {
    try (OutputStream stream = fs.create(file, false /* overwrite */)) {
      stream.write(bytes);
    }
  }
}
