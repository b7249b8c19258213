package sparkgan.evaluate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkgan.LocalSpark;
import sparkgan.SparkGanActions;
import sparkgan.table.ResultsFixtures;
import sparkgan.table.ResultsTable;
import sparkgan.table.ResultsTable.Score;

@LocalSpark
class ReportActionTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-03T04:05:06Z"), ZoneOffset.UTC);

  @TempDir
  java.nio.file.Path dir;

  private java.nio.file.Path tableDir() {
    return dir.resolve("results");
  }

  private java.nio.file.Path outDir() {
    return dir.resolve("report");
  }

  private ReportResult report(SparkSession spark) throws IOException {
    return SparkGanActions.get(spark, CLOCK).report(new ReportConfig(tableDir().toString(), outDir().toString(),
        400, 300)).execute();
  }

  /**
   * Two runs, fid (best steps 200 and 300) and precision (best step 300 and 100), and fid at n_fake 5000 for one
   * run: three plots.
   */
  private void fill() throws IOException {
    Configuration conf = new Configuration();
    Path table = new Path(tableDir().toUri());
    List<Score> scores = List.of(
        ResultsFixtures.score("baseline", "t1", 100, "fid", 80),
        ResultsFixtures.score("baseline", "t1", 200, "fid", 41.5),
        ResultsFixtures.score("baseline", "t1", 300, "fid", 45),
        ResultsFixtures.score("my run/1", "t2", 100, "fid", 90),
        ResultsFixtures.score("my run/1", "t2", 300, "fid", 60.25),
        ResultsFixtures.score("baseline", "t1", 100, "precision", 0.4),
        ResultsFixtures.score("baseline", "t1", 300, "precision", 0.65),
        ResultsFixtures.score("my run/1", "t2", 100, "precision", 0.7),
        ResultsFixtures.score("my run/1", "t2", 300, "precision", 0.55),
        ResultsFixtures.score("baseline", "t1", 300, "fid", ResultsFixtures.INCEPTION_SHA, ResultsFixtures.PROTOCOL,
            5000, 0, 47, null));
    for (Score score : scores) {
      assertTrue(ResultsTable.commit(conf, table, score));
    }
    ResultsTable.recordFailure(conf, table, "sweep1", new ResultsTable.Failure("my run/1", "t2", 400,
        ResultsFixtures.checkpoint("my run/1", "t2", 400), ResultsFixtures.INCEPTION_SHA,
        "state.bin is truncated <at byte 12>", ResultsFixtures.EVALUATED_AT));
  }

  /** The visible files of a folder (the local file system keeps hidden .crc checksums beside each file). */
  private static List<String> names(java.nio.file.Path folder) throws IOException {
    try (Stream<java.nio.file.Path> files = Files.list(folder)) {
      return files.map(file -> file.getFileName().toString()).filter(name -> !name.startsWith(".")).sorted().toList();
    }
  }

  @Test
  void writesOnePlotPerComparableGroupAndAPageWithEachRunsBestCheckpoint(SparkSession spark) throws IOException {
    fill();
    ReportResult result = report(spark);
    assertEquals(3, result.plots());
    assertEquals(10, result.scores());
    assertEquals(5, result.bestCheckpoints()); // fid: 2 runs, precision: 2 runs, fid at 5000: 1 run
    assertEquals(1, result.errors());
    // Groups in the views' order: metric, extractor, protocol, then n_fake as a number.
    assertEquals(List.of("01-fid-inception-v3-n5000.png", "02-fid-inception-v3-n10000.png",
        "03-precision-inception-v3-n10000.png", "best.csv", "index.html"), names(outDir()));
    for (String plot : names(outDir()).subList(0, 3)) {
      BufferedImage image = ImageIO.read(outDir().resolve(plot).toFile());
      assertNotNull(image, plot);
      assertEquals(400, image.getWidth());
      assertEquals(300, image.getHeight());
      Set<Integer> colours = new HashSet<>();
      for (int y = 0; y < image.getHeight(); y += 2) {
        for (int x = 0; x < image.getWidth(); x += 2) {
          colours.add(image.getRGB(x, y));
        }
      }
      assertTrue(colours.size() > 10, plot + " has " + colours.size() + " colours"); // lines, text, not a blank canvas
    }

    String html = Files.readString(outDir().resolve("index.html"), StandardCharsets.UTF_8);
    // The best steps, row by row: fid smaller wins, precision larger wins.
    assertTrue(html.contains("<tr><td>baseline</td><td>t1</td><td class=\"number\">200</td><td class=\"number\">"
        + "41.5000</td>"), html);
    assertTrue(html.contains("<tr><td>my run/1</td><td>t2</td><td class=\"number\">300</td><td class=\"number\">"
        + "60.2500</td>"), html);
    assertTrue(html.contains("<tr><td>my run/1</td><td>t2</td><td class=\"number\">100</td><td class=\"number\">"
        + "0.700000</td>"), html);
    assertTrue(html.contains("<tr><td>baseline</td><td>t1</td><td class=\"number\">300</td><td class=\"number\">"
        + "47.0000</td>"), html); // n_fake 5000: its own group, not a better fid of the baseline at 10000
    assertFalse(html.contains("<td class=\"number\">100</td><td class=\"number\">80.0000</td>"), html);
    assertTrue(html.contains("fid: smaller is better."), html);
    assertTrue(html.contains("precision: larger is better."), html);
    assertTrue(html.contains("<code>" + ResultsFixtures.checkpoint("baseline", "t1", 200) + "</code>"), html);
    assertTrue(html.contains("<img src=\"02-fid-inception-v3-n10000.png\""), html);
    assertTrue(html.contains("state.bin is truncated &lt;at byte 12&gt;"), html);
    assertTrue(html.contains("Generated 2026-02-03T04:05:06Z."), html);

    List<String> csv = Files.readAllLines(outDir().resolve("best.csv"), StandardCharsets.UTF_8);
    assertEquals(String.join(",", ReportPage.CSV_COLUMNS), csv.get(0));
    assertEquals(6, csv.size());
    assertEquals("fid,inception-v3," + ResultsFixtures.INCEPTION_SHA + ",tf-2015,10000,false,baseline,t1,200,41.5,,1,"
        + ResultsFixtures.checkpoint("baseline", "t1", 200) + ",ema,3,3,300,45.0", csv.get(2)); // after n_fake 5000
  }

  @Test
  void refusesAnExistingOutputAndLeavesItAsItWas(SparkSession spark) throws IOException {
    fill();
    Files.createDirectories(outDir());
    Files.writeString(outDir().resolve("notes.txt"), "mine");
    ReportFailedException refused = assertThrows(ReportFailedException.class, () -> report(spark));
    assertTrue(refused.getMessage().contains(outDir().toString()) && refused.getMessage().contains("already exists"),
        refused.getMessage());
    assertEquals(List.of("notes.txt"), names(outDir()));
  }

  @Test
  void anEmptyOrMissingTableFailsNamingThePathAndWritesNothing(SparkSession spark) throws IOException {
    ReportFailedException missing = assertThrows(ReportFailedException.class, () -> report(spark));
    assertTrue(missing.getMessage().contains(tableDir().toString()) && missing.getMessage().contains(
        "there is no results table"), missing.getMessage());
    // Only failures, no scores: still nothing to plot.
    ResultsTable.recordFailure(new Configuration(), new Path(tableDir().toUri()), "sweep1",
        new ResultsTable.Failure("a", "t", 1, "c", "s", "r", ResultsFixtures.EVALUATED_AT));
    ReportFailedException empty = assertThrows(ReportFailedException.class, () -> report(spark));
    assertTrue(empty.getMessage().contains(tableDir().toString()) && empty.getMessage().contains("has no scores"),
        empty.getMessage());
    assertEquals(List.of("results"), names(dir)); // no report, no staging left behind
  }

  @Test
  void severalSeedsOfOneRunAreSeparateCurves() {
    List<MetricGroup.Point> points = List.of(new MetricGroup.Point("a", "t", 0, 100, 1, null),
        new MetricGroup.Point("a", "t", 1, 100, 2, null), new MetricGroup.Point("b", "t", 0, 100, 3, null));
    MetricGroup group = new MetricGroup(new MetricGroup.Key("fid", "ab", "p", 10, false), "x", points, List.of());
    assertEquals(List.of("a/t seed=0", "a/t seed=1", "b/t"), List.copyOf(group.series().keySet()));
  }
}
