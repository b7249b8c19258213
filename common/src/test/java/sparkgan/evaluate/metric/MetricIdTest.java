package sparkgan.evaluate.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricIdTest {

  @Test
  void idsAndDirections() {
    assertEquals(List.of("fid", "kid", "kid_std", "precision", "recall", "density", "coverage", "is_mean", "is_std"),
        Arrays.stream(MetricId.values()).map(MetricId::id).toList());
    // Distances: smaller is better; fidelity, diversity and the Inception Score: larger is better.
    for (MetricId smaller : List.of(MetricId.FID, MetricId.KID)) {
      assertTrue(smaller.ranked() && !smaller.largerIsBetter(), smaller::id);
    }
    for (MetricId larger : List.of(MetricId.PRECISION, MetricId.RECALL, MetricId.DENSITY, MetricId.COVERAGE,
        MetricId.IS_MEAN)) {
      assertTrue(larger.ranked() && larger.largerIsBetter(), larger::id);
    }
    assertFalse(MetricId.KID_STD.ranked());
    assertFalse(MetricId.IS_STD.ranked());
  }
}
