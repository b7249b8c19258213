package sparkgan.evaluate.metric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import sparkgan.model.nn.Rng;

class FeatureStatisticsTest {

  @Test
  void meanAndCovarianceWithTheNMinusOneDenominator() {
    // Rows (1, 2), (3, 6), (5, 4): mean (3, 4); deviations (-2, -2), (0, 2), (2, 0).
    // var x = (4 + 0 + 4) / 2 = 4, var y = (4 + 4 + 0) / 2 = 4, cov xy = (4 + 0 + 0) / 2 = 2.
    FeatureStatistics stats = new FeatureStatistics(2).add(new float[] {1, 2}).add(new float[] {3, 6})
        .add(new float[] {5, 4});
    assertEquals(3, stats.count());
    assertArrayEquals(new double[] {3, 4}, stats.mean(), 1e-15);
    assertArrayEquals(new double[] {4, 2, 2, 4}, stats.covariance(), 1e-15);
  }

  @Test
  void rowsBlocksAndMergesAgree() {
    Rng rng = new Rng(9);
    int n = 300;
    int d = 12;
    float[][] rows = new float[n][d];
    double[] block = new double[n * d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        rows[i][j] = (float) (2 + rng.nextGaussian());
        block[i * d + j] = rows[i][j];
      }
    }
    FeatureStatistics byRow = new FeatureStatistics(d);
    for (float[] row : rows) {
      byRow.add(row);
    }
    FeatureStatistics byBlock = new FeatureStatistics(d).add(new FeatureMatrix(n, d, block));
    FeatureStatistics merged = new FeatureStatistics(d);
    for (int from = 0; from < n; from += 70) {
      int to = Math.min(n, from + 70);
      double[] part = new double[(to - from) * d];
      System.arraycopy(block, from * d, part, 0, part.length);
      merged.merge(new FeatureStatistics(d).add(new FeatureMatrix(to - from, d, part)));
    }
    for (FeatureStatistics other : new FeatureStatistics[] {byBlock, merged}) {
      assertEquals(n, other.count());
      assertArrayEquals(byRow.mean(), other.mean(), 1e-13);
      assertArrayEquals(byRow.covariance(), other.covariance(), 1e-12);
    }
  }

  @Test
  void refusesOtherDimensionsAndTooFewSamples() {
    FeatureStatistics stats = new FeatureStatistics(3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stats.add(new float[] {1, 2}));
    assertEquals("Cannot add 2-dimensional features to statistics of 3-dimensional features", e.getMessage());
    stats.add(new float[] {1, 2, 3});
    IllegalStateException few = assertThrows(IllegalStateException.class, stats::covariance);
    assertEquals("Cannot compute feature statistics from 1 samples: at least 2 needed", few.getMessage());
  }
}
