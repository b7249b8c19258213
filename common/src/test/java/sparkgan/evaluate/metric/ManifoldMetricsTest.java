package sparkgan.evaluate.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import sparkgan.model.nn.Rng;

class ManifoldMetricsTest {

  @Test
  void oneDimensionalKnownAnswerWithOneNeighbour() {
    // Real {0, 1, 2, 3}, fake {0.5, 10}, k = 1 for all four metrics.
    // Radii (distance to the nearest other point of the same set): every real point 1; fake 0.5 and 10 both 9.5.
    // precision: 0.5 is within 1 of real 0 (0.5 <= 1); 10 is 7 from the nearest real (3), outside: 1/2.
    // recall: every real point is within 9.5 of fake 0.5 (at most 2.5 away): 4/4 = 1.
    // density: fake 0.5 is strictly inside the balls of reals 0 and 1 (0.5 < 1), not 2 (1.5); fake 10 in none:
    //   (2 + 0) / (k · 2 fakes) = 1.
    // coverage: nearest fake to real 0 and 1 is 0.5 away (< 1, covered); to 2 and 3 it is 1.5 and 2.5: 2/4 = 0.5.
    ManifoldMetrics.Result result = ManifoldMetrics.compute(
        new RealFeatures(new FeatureMatrix(4, 1, new double[] {0, 1, 2, 3})),
        new FakeFeatures(new FeatureMatrix(2, 1, new double[] {0.5, 10})), new ManifoldMetrics.Settings(1, 1, 2));
    assertEquals(new ManifoldMetrics.Result(0.5, 1, 1, 0.5), result);
  }

  @Test
  void closedBallsForPrecisionOpenBallsForDensity() {
    // Real {0, 1, 3}, fake {2, 9}, k = 1. Real radii: 1, 1, 2; fake radii 7, 7.
    // Fake 2 is exactly 1 from real 1 (radius 1) and exactly 1 from real 3 (radius 2, inside):
    // precision counts the boundary (d <= r), so fake 2 is precise; fake 9 is 6 from 3: precision 1/2.
    // density counts strictly inside: only real 3's ball (1 < 2): 1 / (1 · 2) = 0.5.
    // coverage: nearest fakes: real 0 → 2 (2 < 1? no), real 1 → 1 (1 < 1? no), real 3 → 1 (1 < 2, yes): 1/3.
    ManifoldMetrics.Result result = ManifoldMetrics.compute(
        new RealFeatures(new FeatureMatrix(3, 1, new double[] {0, 1, 3})),
        new FakeFeatures(new FeatureMatrix(2, 1, new double[] {2, 9})), new ManifoldMetrics.Settings(1, 1, 5));
    assertEquals(0.5, result.precision(), 0.0);
    assertEquals(1, result.recall(), 0.0);
    assertEquals(0.5, result.density(), 0.0);
    assertEquals(1.0 / 3, result.coverage(), 0.0);
  }

  @Test
  void tightFakeClusterInsideWideRealCloudHasHighPrecisionAndLowRecall() {
    // Every fake sample lies in the dense middle of the real cloud (high precision), but the fake balls are tiny,
    // so few real samples fall in them (low recall). Swapping the roles of real and fake would give the opposite.
    Rng rng = new Rng(21);
    RealFeatures real = new RealFeatures(KidTest.gaussian(rng, 500, 2, 0));
    FakeFeatures fake = new FakeFeatures(scaled(KidTest.gaussian(rng, 200, 2, 0), 0.05));
    ManifoldMetrics.Result result = ManifoldMetrics.compute(real, fake, ManifoldMetrics.Settings.DEFAULT);
    assertTrue(result.precision() > 0.95, result::toString);
    assertTrue(result.recall() < 0.1, result::toString);
    assertTrue(result.coverage() < 0.1, result::toString);
  }

  @Test
  void blockSizeDoesNotChangeAnyNumber() {
    Rng rng = new Rng(4);
    RealFeatures real = new RealFeatures(KidTest.gaussian(rng, 130, 16, 0));
    FakeFeatures fake = new FakeFeatures(KidTest.gaussian(rng, 97, 16, 0.3));
    ManifoldMetrics.Result one = ManifoldMetrics.compute(real, fake, new ManifoldMetrics.Settings(3, 5, 1));
    assertEquals(one, ManifoldMetrics.compute(real, fake, new ManifoldMetrics.Settings(3, 5, 3)));
    assertEquals(one, ManifoldMetrics.compute(real, fake, new ManifoldMetrics.Settings(3, 5, 1000)));
    // Not a trivial result: the fake set is shifted, so neither precision nor recall is 0 or 1.
    assertTrue(one.precision() > 0 && one.precision() < 1 && one.recall() > 0 && one.recall() < 1, one::toString);
  }

  @Test
  void refusesSetsWithTooFewSamplesForK() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ManifoldMetrics.compute(
        new RealFeatures(new FeatureMatrix(10, 1, new double[10])),
        new FakeFeatures(new FeatureMatrix(5, 1, new double[5])), ManifoldMetrics.Settings.DEFAULT));
    assertEquals("Cannot compute precision/recall/density/coverage: k = 5 neighbours need at least 6 samples in each "
        + "set, got 10 real and 5 fake", e.getMessage());
  }

  private static FeatureMatrix scaled(FeatureMatrix m, double factor) {
    double[] values = m.values().clone();
    for (int i = 0; i < values.length; i++) {
      values[i] *= factor;
    }
    return new FeatureMatrix(m.rows(), m.columns(), values);
  }
}
