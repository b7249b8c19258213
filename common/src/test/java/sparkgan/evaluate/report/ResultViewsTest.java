package sparkgan.evaluate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkgan.LocalSpark;
import sparkgan.table.ResultsFixtures;
import sparkgan.table.ResultsTable;
import sparkgan.table.ResultsTable.Score;

/**
 * The views on a table whose best steps are known by construction: per metric the best is not the latest, not
 * the first, and differs by direction; better scores at another n_fake, protocol or extractor must not count.
 */
@LocalSpark
class ResultViewsTest {
  private static final String OTHER_SHA = "cd".repeat(32);

  @TempDir
  java.nio.file.Path dir;

  private String table;

  private static Score score(String run, long step, String metric, double value) {
    return ResultsFixtures.score(run, "t1", step, metric, value);
  }

  private static Score score(String run, long step, String metric, String sha, String protocol, long nFake,
      long seed, double value) {
    return ResultsFixtures.score(run, "t1", step, metric, sha, protocol, nFake, seed, value, null);
  }

  @BeforeEach
  void table() throws IOException {
    table = dir.resolve("results").toString();
    List<Score> scores = new ArrayList<>();
    // fid, smaller is better: run a's best is step 200 (30); step 400 is scored with two seeds whose mean, 35, loses,
    // though seed 0's 20 alone would win.
    scores.add(score("a", 100, "fid", 50));
    scores.add(score("a", 200, "fid", 30));
    scores.add(score("a", 300, "fid", 40));
    scores.add(score("a", 400, "fid", ResultsFixtures.INCEPTION_SHA, ResultsFixtures.PROTOCOL, ResultsFixtures.N_FAKE,
        0, 20));
    scores.add(score("a", 400, "fid", ResultsFixtures.INCEPTION_SHA, ResultsFixtures.PROTOCOL, ResultsFixtures.N_FAKE,
        1, 50));
    // Better fids that are not comparable: fewer fake samples, another protocol, other extractor weights.
    scores.add(score("a", 300, "fid", ResultsFixtures.INCEPTION_SHA, ResultsFixtures.PROTOCOL, 5000, 0, 5));
    scores.add(score("a", 100, "fid", ResultsFixtures.INCEPTION_SHA, "other-protocol", ResultsFixtures.N_FAKE, 0, 4));
    scores.add(score("a", 100, "fid", OTHER_SHA, ResultsFixtures.PROTOCOL, ResultsFixtures.N_FAKE, 0, 3));
    // precision, larger is better: the best is the last step, 300, where fid's best is 200.
    scores.add(score("a", 100, "precision", 0.5));
    scores.add(score("a", 200, "precision", 0.6));
    scores.add(score("a", 300, "precision", 0.7));
    // run b: a tie goes to the earlier step; NaN never wins, in either direction.
    scores.add(score("b", 100, "fid", Double.NaN));
    scores.add(score("b", 200, "fid", 60));
    scores.add(score("b", 300, "fid", 60));
    scores.add(score("b", 100, "precision", Double.NaN));
    scores.add(score("b", 200, "precision", 0.2));
    for (Score score : scores) {
      ResultsTable.commit(new Configuration(), new Path(table), score);
    }
  }

  /** Best rows by "run metric protocol n_fake extractor-prefix". */
  private Map<String, Row> best(SparkSession spark) {
    Map<String, Row> best = new HashMap<>();
    for (Row row : ResultViews.best(ResultsTable.read(spark, table)).collectAsList()) {
      String key = row.getAs("run") + " " + row.getAs("metric") + " " + row.getAs("protocol") + " "
          + row.getAs("n_fake") + " " + row.<String>getAs("extractor_sha256").substring(0, 2);
      assertNull(best.put(key, row), key);
    }
    return best;
  }

  @Test
  void theBestStepFollowsTheDirectionAndComparesOnlyComparableScores(SparkSession spark) {
    Map<String, Row> best = best(spark);
    assertEquals(7, best.size(), best::toString); // a: fid in 4 groups, precision; b: fid, precision
    Row fid = best.get("a fid tf-2015 10000 ab");
    assertEquals(200L, fid.<Long>getAs("best_step"));
    assertEquals(30.0, fid.<Double>getAs("value"));
    assertEquals(false, fid.getAs("larger_is_better"));
    assertEquals(ResultsFixtures.checkpoint("a", "t1", 200), fid.getAs("checkpoint"));
    assertEquals(4L, fid.<Long>getAs("n_steps"));
    assertEquals(5L, fid.<Long>getAs("n_rows"));
    assertEquals(400L, fid.<Long>getAs("latest_step"));
    assertEquals(35.0, fid.<Double>getAs("latest_value")); // the mean of step 400's two seeds
    Row precision = best.get("a precision tf-2015 10000 ab");
    assertEquals(300L, precision.<Long>getAs("best_step"));
    assertEquals(0.7, precision.<Double>getAs("value"));
    // Each incomparable score is its own group, with its own best.
    assertEquals(300L, best.get("a fid tf-2015 5000 ab").<Long>getAs("best_step"));
    assertEquals(4.0, best.get("a fid other-protocol 10000 ab").<Double>getAs("value"));
    assertEquals(3.0, best.get("a fid tf-2015 10000 cd").<Double>getAs("value"));
    assertEquals(1L, best.get("a fid tf-2015 10000 cd").<Long>getAs("n_rows"));
  }

  @Test
  void tiesGoToTheEarlierStepAndNanNeverWins(SparkSession spark) {
    Map<String, Row> best = best(spark);
    Row fid = best.get("b fid tf-2015 10000 ab");
    assertEquals(200L, fid.<Long>getAs("best_step"));
    assertEquals(60.0, fid.<Double>getAs("value"));
    Row precision = best.get("b precision tf-2015 10000 ab");
    assertEquals(200L, precision.<Long>getAs("best_step"));
    assertEquals(0.2, precision.<Double>getAs("value"));
  }

  @Test
  void aStepScoredWithSeveralSeedsCountsWithItsMean(SparkSession spark) throws IOException {
    // With step 400's mean below 30, step 400 becomes the best, its std null (there is no one spread of a mean).
    ResultsTable.commit(new Configuration(), new Path(table), score("a", 400, "fid", ResultsFixtures.INCEPTION_SHA,
        ResultsFixtures.PROTOCOL, ResultsFixtures.N_FAKE, 2, 5)); // seeds 0, 1, 2: (20 + 50 + 5) / 3 = 25
    Row fid = best(spark).get("a fid tf-2015 10000 ab");
    assertEquals(400L, fid.<Long>getAs("best_step"));
    assertEquals(25.0, fid.<Double>getAs("value"), 1e-12);
    assertEquals(3L, fid.<Long>getAs("n_seeds"));
    assertNull(fid.getAs("std"));
  }

  @Test
  void curvesAreOrderedForPlottingAndRegisteredViewsAgree(SparkSession spark) {
    ResultViews.register(spark, table);
    List<Row> curve = spark.sql("SELECT step, seed, value FROM " + ResultViews.CURVES + " WHERE run = 'a' AND "
        + "metric = 'fid' AND protocol = 'tf-2015' AND n_fake = 10000 AND extractor_sha256 LIKE 'ab%'").collectAsList();
    assertEquals(List.of("100 0 50.0", "200 0 30.0", "300 0 40.0", "400 0 20.0", "400 1 50.0"), curve.stream()
        .map(row -> row.get(0) + " " + row.get(1) + " " + row.get(2)).toList());
    assertEquals(16, spark.sql("SELECT * FROM " + ResultViews.CURVES).count());
    assertEquals(16, spark.sql("SELECT * FROM " + ResultViews.METRICS).count());
    assertEquals(0, spark.sql("SELECT * FROM " + ResultViews.ERRORS).count());
    List<Row> sql = spark.sql("SELECT run, metric, protocol, n_fake, best_step FROM " + ResultViews.BEST
        + " WHERE metric = 'fid' AND n_fake = 10000 AND protocol = 'tf-2015' AND extractor_sha256 LIKE 'ab%'")
        .collectAsList();
    assertEquals(List.of("a 200", "b 200"), sql.stream().map(row -> row.get(0) + " " + row.get(4)).toList());
  }
}
