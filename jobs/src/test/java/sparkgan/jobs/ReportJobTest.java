package sparkgan.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkgan.LocalSpark;
import sparkgan.table.ResultsFixtures;
import sparkgan.table.ResultsTable;

/**
 * {@code sql --results} and {@code report} through {@link Main}, as spark-submit runs them: each run starts and
 * stops its own local SparkSession, configured by system properties as spark-submit would pass them.
 */
class ReportJobTest {
  private static final Map<String, String> SPARK = Map.of("spark.master", "local[1]", "spark.ui.enabled", "false",
      "spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1");

  @TempDir
  java.nio.file.Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void sparkSubmitSettings() {
    SPARK.forEach(System::setProperty);
  }

  @AfterAll
  static void clearSettings() {
    SPARK.keySet().forEach(System::clearProperty);
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void sqlSeesTheViewsAndReportWritesItsFolderOnce() throws IOException {
    String table = dir.resolve("results").toString();
    Configuration conf = new Configuration();
    for (ResultsTable.Score score : List.of(ResultsFixtures.score("baseline", "t1", 100, "fid", 80),
        ResultsFixtures.score("baseline", "t1", 200, "fid", 41.5), ResultsFixtures.score("baseline", "t1", 300, "fid",
        45), ResultsFixtures.score("baseline", "t1", 100, "precision", 0.7), ResultsFixtures.score("baseline", "t1",
        200, "precision", 0.6))) {
      ResultsTable.commit(conf, new Path(table), score);
    }

    assertEquals(Main.OK, run("sql", "--results", table, "--query", "SELECT concat_ws(' ', run, trial, metric, "
        + "best_step, n_steps) AS best FROM gan_best_checkpoints ORDER BY metric"), err());
    assertTrue(out().contains("|baseline t1 fid 200 3"), out());
    assertTrue(out().contains("|baseline t1 precision 100 2"), out());

    String report = dir.resolve("report").toString();
    assertEquals(Main.OK, run("report", "--table", table, "--out", report, "--width", "480"), err());
    assertTrue(out().contains("plots=2\nscores=5\nbest_checkpoints=2\nerrors=0\n"), out());
    assertTrue(Files.readString(dir.resolve("report/index.html")).contains("<td class=\"number\">200</td>"));

    assertEquals(Main.FAILED, run("report", "--table", table, "--out", report));
    assertTrue(err().startsWith("report failed: Cannot write the report to ") && err().contains("already exists"),
        err());
  }

  @Test
  void theMorningQueriesRun() throws IOException {
    String table = dir.resolve("results").toString();
    Configuration conf = new Configuration();
    for (ResultsTable.Score score : List.of(ResultsFixtures.score("baseline", "t1", 100, "fid", 80),
        ResultsFixtures.score("baseline", "t1", 200, "fid", 41.5), ResultsFixtures.score("baseline", "t1", 200,
        "precision", 0.625), ResultsFixtures.score("baseline", "t1", 100, "fcd", 3.5),
        ResultsFixtures.score("baseline", "t1", 100, "cs", 0.25))) {
      ResultsTable.commit(conf, new Path(table), score);
    }
    ResultsTable.recordFailure(conf, new Path(table), "sweep1", new ResultsTable.Failure("baseline", "t1", 300,
        ResultsFixtures.checkpoint("baseline", "t1", 300), ResultsFixtures.INCEPTION_SHA, "truncated state.bin",
        ResultsFixtures.EVALUATED_AT));
    String file = LocalSpark.Extension.projectDir().resolve("notebooks-data/sql/eval-summary.sql").toString();
    assertEquals(Main.OK, run("sql", "--results", table, "--file", file), err());
    String[] results = out().split("(?m)^> ");
    assertEquals(5, results.length, out()); // the text before the first statement, then four results
    assertTrue(results[1].contains("|fid      |inception-v3|tf-2015 |10000 |smaller|baseline|t1   |200      |41.5"),
        results[1]);
    assertTrue(results[2].contains("|baseline|t1   |200 |inception-v3|tf-2015 |10000 |41.5|NULL|NULL   |NULL  |0.625"),
        results[2]); // the latest step, 200, where fid and precision were scored
    assertTrue(results[3].contains("|baseline|t1   |100 |inception-v3|tf-2015 |10000 |3.5|NULL|0.25|"), results[3]);
    assertTrue(results[4].contains("|baseline|t1   |300 |" + ResultsFixtures.checkpoint("baseline", "t1", 300)
        + "|1       |"), results[4]);
    assertTrue(results[4].contains("|truncated state.bin|false       |"), results[4]);
  }

  @Test
  void anEmptyTableFailsNamingIt() throws IOException {
    Files.createDirectories(dir.resolve("empty"));
    assertEquals(Main.FAILED, run("report", "--table", dir.resolve("empty").toString(), "--out",
        dir.resolve("report").toString()));
    assertTrue(err().startsWith("report failed: Cannot write a report of ") && err().contains(dir.resolve("empty")
        + ": the results table has no scores"), err());
    assertTrue(Files.notExists(dir.resolve("report")));
  }

  @Test
  void badOptionsAreUsageErrorsBeforeSparkStarts() {
    assertEquals(Main.USAGE, run("report", "--table", "t"));
    assertTrue(err().startsWith("--out is required"), err());
    assertEquals(Main.USAGE, run("report", "--table", "t", "--out", "o", "--height", "10"));
    assertTrue(err().startsWith("--height must be in [240, 4000], got 10"), err());
  }
}
