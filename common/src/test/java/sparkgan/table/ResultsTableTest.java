package sparkgan.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkgan.LocalSpark;
import sparkgan.table.ResultsTable.Failure;
import sparkgan.table.ResultsTable.Score;

/** The results table written cell by cell and read back with Spark, column by column. */
@LocalSpark
class ResultsTableTest {
  private static final Configuration CONF = new Configuration();

  @TempDir
  java.nio.file.Path dir;

  private Path table() {
    return new Path(dir.resolve("results").toUri());
  }

  /** Two runs, one whose name Spark must escape in its folder name; a std and flags on some rows. */
  private static List<Score> scores() {
    List<Score> scores = new ArrayList<>();
    scores.add(ResultsFixtures.score("baseline", "t1", 100, "fid", 42.5));
    scores.add(ResultsFixtures.score("baseline", "t1", 200, "fid", 31.25));
    scores.add(ResultsFixtures.score("my run/1", "t2", 100, "is", ResultsFixtures.INCEPTION_SHA, "tf-2015", 5000, 7,
        6.5, 0.125));
    Score flagged = ResultsFixtures.score("my run/1", "t2", 300, "fid", 12.0);
    scores.add(new Score(flagged.key(), flagged.value(), flagged.std(), flagged.largerIsBetter(),
        List.of("few-samples:fake=5000<10000", "eigenvalues-clipped"), flagged.nReal(), flagged.referenceKey(),
        flagged.extractor(), flagged.datasetSha256(), flagged.configSha256(), flagged.checkpoint(),
        flagged.checkpointSha256(), flagged.gVariant(), flagged.sparkganVersion(), flagged.evaluatedAt(),
        flagged.seconds()));
    return scores;
  }

  /** What a score's row must hold, by column name. */
  private static Map<String, Object> expected(Score score) {
    Map<String, Object> row = new HashMap<>();
    row.put("run", score.key().run());
    row.put("trial", score.key().trial());
    row.put("step", score.key().step());
    row.put("metric", score.key().metric());
    row.put("extractor_sha256", score.key().extractorSha256());
    row.put("protocol", score.key().protocol());
    row.put("n_fake", score.key().nFake());
    row.put("seed", score.key().seed());
    row.put("value", score.value());
    row.put("std", score.std());
    row.put("larger_is_better", score.largerIsBetter());
    row.put("flags", String.join(",", score.flags()));
    row.put("n_real", score.nReal());
    row.put("reference_key", score.referenceKey());
    row.put("extractor", score.extractor());
    row.put("dataset_sha256", score.datasetSha256());
    row.put("config_sha256", score.configSha256());
    row.put("checkpoint", score.checkpoint());
    row.put("checkpoint_sha256", score.checkpointSha256());
    row.put("g_variant", score.gVariant());
    row.put("sparkgan_version", score.sparkganVersion());
    row.put("evaluated_at", score.evaluatedAt());
    row.put("seconds", score.seconds());
    return row;
  }

  private static Map<String, Object> actual(Row row) {
    Map<String, Object> values = new HashMap<>();
    for (String column : row.schema().fieldNames()) {
      Object value = row.getAs(column);
      values.put(column, value instanceof Timestamp timestamp ? timestamp.toInstant() : value);
    }
    return values;
  }

  private static Set<Map<String, Object>> rows(Dataset<Row> rows) {
    return rows.collectAsList().stream().map(ResultsTableTest::actual).collect(Collectors.toSet());
  }

  @Test
  void everyColumnSurvivesTheRoundTripAndRunNamesAreEscapedInFolderNames(SparkSession spark) throws IOException {
    for (Score score : scores()) {
      assertTrue(ResultsTable.commit(CONF, table(), score));
    }
    Dataset<Row> read = ResultsTable.read(spark, table().toString());
    assertEquals(scores().stream().map(ResultsTableTest::expected).collect(Collectors.toSet()), rows(read));
    assertEquals(4, read.count());
    // The run's name is its folder's, escaped: '/' cannot be part of a file name.
    assertTrue(Files.isDirectory(dir.resolve("results/run=my run%2F1")), () -> Arrays.toString(
        dir.resolve("results").toFile().list()));
  }

  @Test
  void runNamesThatLookLikeNumbersStayStrings(SparkSession spark) throws IOException {
    // Spark infers partition column types from folder names; "007" must not become the integer 7.
    ResultsTable.commit(CONF, table(), ResultsFixtures.score("007", "t", 1, "fid", 1));
    ResultsTable.commit(CONF, table(), ResultsFixtures.score("2026", "t", 1, "fid", 2));
    Dataset<Row> read = ResultsTable.read(spark, table().toString());
    assertEquals(DataTypes.StringType, read.schema().apply("run").dataType());
    assertEquals(Set.of("007", "2026"), read.select("run").collectAsList().stream().map(row -> row.getString(0))
        .collect(Collectors.toSet()));
  }

  @Test
  void aCellIsCommittedOnceAndTheFirstValueStays(SparkSession spark) throws IOException {
    Score first = ResultsFixtures.score("baseline", "t1", 100, "fid", 42.5);
    assertTrue(ResultsTable.commit(CONF, table(), first));
    Score again = ResultsFixtures.score("baseline", "t1", 100, "fid", 99.0); // same cell key, another value
    assertFalse(ResultsTable.commit(CONF, table(), again));
    List<Row> rows = ResultsTable.read(spark, table().toString()).collectAsList();
    assertEquals(1, rows.size());
    assertEquals(42.5, rows.get(0).<Double>getAs("value"));
    // Negative control: a different seed is a different cell.
    assertTrue(ResultsTable.commit(CONF, table(), ResultsFixtures.score("baseline", "t1", 100, "fid",
        ResultsFixtures.INCEPTION_SHA, ResultsFixtures.PROTOCOL, ResultsFixtures.N_FAKE, 1, 99.0, null)));
    assertEquals(2, ResultsTable.read(spark, table().toString()).count());
  }

  @Test
  void committedCellsListsExactlyTheCommittedKeys() throws IOException {
    assertEquals(Set.of(), ResultsTable.committedCells(CONF, table())); // no table yet
    Set<String> keys = new java.util.HashSet<>();
    for (Score score : scores()) {
      ResultsTable.commit(CONF, table(), score);
      keys.add(score.key().sha256());
    }
    ResultsTable.recordFailure(CONF, table(), "sweep1", failure());
    assertEquals(4, keys.size());
    assertEquals(keys, ResultsTable.committedCells(CONF, table()));
  }

  @Test
  void aMissingOrEmptyTableReadsAsNoRowsWithTheSchema(SparkSession spark) throws IOException {
    Dataset<Row> missing = ResultsTable.read(spark, table().toString());
    assertEquals(0, missing.count());
    List<String> columns = new ArrayList<>();
    ResultsTable.SCHEMA.getFields().forEach(field -> columns.add(field.getName()));
    columns.add("run");
    assertEquals(columns, Arrays.asList(missing.columns()));
    assertEquals(DataTypes.TimestampType, missing.schema().apply("evaluated_at").dataType());
    Files.createDirectories(dir.resolve("results"));
    assertEquals(0, ResultsTable.read(spark, table().toString()).count());
    Dataset<Row> errors = ResultsTable.readErrors(spark, table().toString());
    assertEquals(0, errors.count());
    assertEquals(List.of("trial", "step", "checkpoint", "extractor_sha256", "reason", "evaluated_at", "run"),
        Arrays.stream(errors.schema().fields()).map(StructField::name).toList());
  }

  @Test
  void aHalfWrittenHiddenTemporaryFileIsNotRead(SparkSession spark) throws IOException {
    ResultsTable.commit(CONF, table(), ResultsFixtures.score("baseline", "t1", 100, "fid", 42.5));
    java.nio.file.Path partition = dir.resolve("results/run=baseline");
    // What a sweep killed mid-write leaves: the start of a Parquet file under AtomicFile's temporary name.
    Files.write(partition.resolve(".cell-x.parquet.tmp-0123"), new byte[] {'P', 'A', 'R', '1', 0, 1, 2});
    assertEquals(1, ResultsTable.read(spark, table().toString()).count());
    assertEquals(1, ResultsTable.committedCells(CONF, table()).size());
    // Negative control: the same bytes under a cell's name are read, and break the read.
    Files.write(partition.resolve("cell-broken.parquet"), new byte[] {'P', 'A', 'R', '1', 0, 1, 2});
    org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> ResultsTable.read(spark, table().toString()).count());
  }

  private static Failure failure() {
    return new Failure("my run/1", "t2", 400, ResultsFixtures.checkpoint("my run/1", "t2", 400),
        ResultsFixtures.INCEPTION_SHA, "state.bin: SHA-256 trailer does not match", ResultsFixtures.EVALUATED_AT);
  }

  @Test
  void failuresAreReadFromTheErrorsTableAndAreNotScores(SparkSession spark) throws IOException {
    ResultsTable.commit(CONF, table(), ResultsFixtures.score("baseline", "t1", 100, "fid", 42.5));
    ResultsTable.recordFailure(CONF, table(), "sweep1", failure());
    ResultsTable.recordFailure(CONF, table(), "sweep2", failure()); // a second sweep's attempt keeps its own row
    List<Row> errors = ResultsTable.readErrors(spark, table().toString()).collectAsList();
    assertEquals(2, errors.size());
    for (Row error : errors) {
      assertEquals("my run/1", error.getAs("run"));
      assertEquals(400L, error.<Long>getAs("step"));
      assertEquals("state.bin: SHA-256 trailer does not match", error.getAs("reason"));
      assertEquals(ResultsFixtures.EVALUATED_AT, error.<Timestamp>getAs("evaluated_at").toInstant());
    }
    assertEquals(1, ResultsTable.read(spark, table().toString()).count()); // _errors is not a run's partition
  }
}
