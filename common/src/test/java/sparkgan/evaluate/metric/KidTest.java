package sparkgan.evaluate.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import sparkgan.config.ConfigException;
import sparkgan.model.nn.Rng;

class KidTest {

  @Test
  void oneDimensionalKnownAnswer() {
    // d = 1, X = {0, 1}, Y = {0, 2}, k(x, y) = (xy + 1)³, m = 2 (one subset of the whole sets).
    // Σ_{i≠j} k(xᵢ, xⱼ) = 2 k(0, 1) = 2 → / (m(m-1)) = 1; likewise Σ_{i≠j} k(yᵢ, yⱼ) = 2 k(0, 2) = 2 → 1.
    // Σ_{i,j} k(xᵢ, yⱼ) = k(0,0) + k(0,2) + k(1,0) + k(1,2) = 1 + 1 + 1 + 27 = 30 → 2 · 30 / m² = 15.
    // MMD² = 1 + 1 - 15 = -13 (the unbiased estimator can be negative); one subset, so std 0.
    Kid.Result kid = Kid.compute(new RealFeatures(new FeatureMatrix(2, 1, new double[] {0, 1})),
        new FakeFeatures(new FeatureMatrix(2, 1, new double[] {0, 2})), new Kid.Settings(1, 2, 0));
    assertEquals(-13, kid.mean(), 1e-12);
    assertEquals(0, kid.std(), 1e-12);
  }

  @Test
  void sameDistributionIsNearZeroAndAShiftIsNot() {
    // Two samples of N(0, I) in 8-d: MMD² is an unbiased estimate of 0, so the mean over 20 subsets of 100 is
    // within a few standard errors of 0 (std/√20). Negative control: shifting the fake set by 1 in every coordinate
    // makes it clearly positive.
    Rng rng = new Rng(7);
    FeatureMatrix a = gaussian(rng, 400, 8, 0);
    FeatureMatrix b = gaussian(rng, 400, 8, 0);
    FeatureMatrix shifted = gaussian(rng, 400, 8, 1);
    Kid.Settings settings = new Kid.Settings(20, 100, 42);
    Kid.Result same = Kid.compute(new RealFeatures(a), new FakeFeatures(b), settings);
    assertTrue(Math.abs(same.mean()) < 4 * same.std() / Math.sqrt(20), same::toString);
    Kid.Result apart = Kid.compute(new RealFeatures(a), new FakeFeatures(shifted), settings);
    assertTrue(apart.mean() > 10 * apart.std() / Math.sqrt(20) && apart.mean() > 0.5, apart::toString);
  }

  @Test
  void theSeedDecidesTheSubsets() {
    Rng rng = new Rng(8);
    RealFeatures real = new RealFeatures(gaussian(rng, 300, 4, 0));
    FakeFeatures fake = new FakeFeatures(gaussian(rng, 300, 4, 0.2));
    Kid.Result first = Kid.compute(real, fake, new Kid.Settings(5, 50, 1));
    assertEquals(first.mean(), Kid.compute(real, fake, new Kid.Settings(5, 50, 1)).mean(), 0.0);
    assertNotEquals(first.mean(), Kid.compute(real, fake, new Kid.Settings(5, 50, 2)).mean());
  }

  @Test
  void refusesSetsSmallerThanTheSubsetSize() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Kid.compute(new RealFeatures(new FeatureMatrix(1200, 1, new double[1200])),
            new FakeFeatures(new FeatureMatrix(500, 1, new double[500])), new Kid.Settings(100, 1000, 0)));
    assertEquals("Cannot compute KID: each subset draws 1000 samples from each set, but there are 1200 real and 500 "
        + "fake samples. Lower --kid-subset-size to at most 500 or give more samples.", e.getMessage());
    ConfigException settings = assertThrows(ConfigException.class, () -> new Kid.Settings(0, 10, 0));
    assertEquals("kid-subsets must be >= 1, got 0", settings.getMessage());
  }

  static FeatureMatrix gaussian(Rng rng, int n, int d, double mean) {
    double[] values = new double[n * d];
    for (int i = 0; i < values.length; i++) {
      values[i] = mean + rng.nextGaussian();
    }
    return new FeatureMatrix(n, d, values);
  }
}
