package sparkgan.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableStatisticsTest {
  private static ImageRecord image(String id, Integer label, int... pixels) {
    byte[] data = new byte[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      data[i] = (byte) pixels[i];
    }
    return new ImageRecord(id, "train", label, label == null ? null : "c" + label, null, null, 1, pixels.length / 3,
        3, data);
  }

  private static final ImageRecord A = image("a", 0, 0, 255, 10, 20, 255, 30);
  private static final ImageRecord B = image("b", 1, 255, 255, 50, 40, 255, 70);
  private static final ImageRecord C = image("c", null, 1, 2, 3, 4, 5, 6);

  @Test
  void contentHashIgnoresOrderAndPartitioning() {
    String oneWay = new TableStatistics().add(A).add(B).add(C).contentSha256();
    String merged = new TableStatistics().add(C).merge(new TableStatistics().add(B).add(A)).contentSha256();
    assertEquals(oneWay, merged);
  }

  @Test
  void contentHashSeesEveryColumn() {
    String base = new TableStatistics().add(A).add(B).contentSha256();
    assertNotEquals(base, new TableStatistics().add(A).contentSha256(), "a missing row");
    assertNotEquals(base, new TableStatistics().add(A).add(B).add(B).contentSha256(), "a duplicated row");
    assertNotEquals(base, new TableStatistics().add(A).add(image("b", 1, 255, 255, 50, 40, 255, 71)).contentSha256(),
        "one pixel");
    assertNotEquals(base, new TableStatistics().add(A).add(image("b", 2, 255, 255, 50, 40, 255, 70)).contentSha256(),
        "a label");
    assertNotEquals(base, new TableStatistics().add(A).add(image("b2", 1, 255, 255, 50, 40, 255, 70)).contentSha256(),
        "an id");
  }

  @Test
  void countsAndChannelStatisticsAreExact() {
    TableStatistics stats = new TableStatistics().add(A).add(B).add(C);
    assertEquals(3, stats.rows());
    assertEquals(Map.of("train", Map.of("0", 1L, "1", 1L, "none", 1L)), stats.labelCounts());
    assertEquals(Map.of("train", 3L), stats.splitCounts());
    assertEquals(List.of("1x2x3"), stats.shapes());
    // Red channel values: 0, 20, 255, 40, 1, 4 -> mean 320/6; population variance by hand below.
    double mean = 320.0 / 6;
    double variance = (0 + 400 + 65025 + 1600 + 1 + 16) / 6.0 - mean * mean;
    assertEquals(mean / 255, stats.channelMean().get(0), 1e-12);
    assertEquals(Math.sqrt(variance) / 255, stats.channelStd().get(0), 1e-12);
  }
}
