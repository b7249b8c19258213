package sparkgan.evaluate.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import sparkgan.model.nn.Rng;

class FidTest {

  @Test
  void meanShiftWithIdentityCovariancesIn2048DimensionsIsTheSquaredDistance() {
    // Σ1 = Σ2 = I: tr Σ1 + tr Σ2 - 2 tr (I)^½ = 0, so FID = ‖0 - 1‖² = 2048.
    int d = 2048;
    double[] ones = new double[d];
    Arrays.fill(ones, 1);
    FidResult fid = Fid.compute(new Gaussian("a", new double[d], identity(d), 0),
        new Gaussian("b", ones, identity(d), 0));
    assertEquals(2048, fid.value(), 1e-9);
    assertEquals(List.of(), fid.flags());
  }

  @Test
  void nonCommutingCovariances() {
    // Σ1 = diag(4, 1), Σ2 = [[2.5, 1.5], [1.5, 2.5]] do not commute. FID = 0 + 5 + 5 - 2 tr (Σ1Σ2)^½.
    // Σ1Σ2 = [[10, 6], [1.5, 2.5]]: trace 12.5, determinant det Σ1 det Σ2 = 4 * 4 = 16. A 2x2 matrix M with real
    // positive eigenvalues a, b has tr M^½ = √a + √b = sqrt(a + b + 2√(ab)) = sqrt(tr M + 2 sqrt(det M)) = sqrt(20.5).
    FidResult fid = Fid.compute(new Gaussian("a", new double[2], new double[] {4, 0, 0, 1}, 0),
        new Gaussian("b", new double[2], new double[] {2.5, 1.5, 1.5, 2.5}, 0));
    assertEquals(10 - 2 * Math.sqrt(20.5), fid.value(), 1e-12);
    assertEquals(List.of(), fid.flags());
  }

  @Test
  void singularCovariancesOfMimicrysTestReachTheReferenceValueAndAreFlagged() {
    // μ1 = 1₁₆, Σ1 = J (all ones, rank 1), μ2 = 2·1₁₆, Σ2 = 2J. ‖Δμ‖² = 16, tr Σ1 = 16, tr Σ2 = 32. J² = 16J, so
    // Σ1Σ2 = 2J² = 32J, with one eigenvalue 32·16 = 512 and fifteen zeros: tr (Σ1Σ2)^½ = √512 = 16√2, and
    // FID = 16 + 16 + 32 - 32√2 = 64 - 32√2. The product is singular, so (as in pytorch-fid) 1e-6 is added to both
    // diagonals, which moves the value by about -32e-6: pytorch-fid's own function gives 18.74513384680121, 3.2e-5
    // below the exact value (scipy 1.10, numpy 1.24); the tolerance allows that.
    int d = 16;
    double[] ones = new double[d];
    double[] twos = new double[d];
    Arrays.fill(ones, 1);
    Arrays.fill(twos, 2);
    double[] j = new double[d * d];
    double[] twoJ = new double[d * d];
    Arrays.fill(j, 1);
    Arrays.fill(twoJ, 2);
    FidResult fid = Fid.compute(new Gaussian("a", ones, j, 0), new Gaussian("b", twos, twoJ, 0));
    assertEquals(64 - 32 * Math.sqrt(2), fid.value(), 5e-5);
    assertEquals(18.74513384680121, fid.value(), 2e-6);
    // J is not positive definite: the eigendecomposition route, its clipped rounding-level eigenvalues, then eps.
    assertTrue(fid.flags().contains("not-positive-definite:sigma1=eigendecomposition-used"), fid.flags()::toString);
    assertTrue(fid.flags().contains("singular-product:eps=1.0E-6-added-to-diagonals"), fid.flags()::toString);
  }

  @Test
  void diagonalCovariancesGiveTheClosedForm() {
    // Diagonal Σ commute: FID = ‖Δμ‖² + Σ (σ1ᵢ - σ2ᵢ)² with σ the standard deviations. σ1 = (1, 2, 3), σ2 = (2, 2, 1),
    // Δμ = (1, 0, 2): 5 + (1 + 0 + 4) = 10.
    FidResult fid = Fid.compute(new Gaussian("a", new double[] {1, 0, 2}, diagonal(1, 4, 9), 0),
        new Gaussian("b", new double[3], diagonal(4, 4, 1), 0));
    assertEquals(10, fid.value(), 1e-12);
    assertEquals(List.of(), fid.flags());
  }

  @Test
  void aSetAgainstItselfIsZeroAndAShiftedCopyIsNot() {
    Gaussian g = randomGaussian(new Rng(3), 64, 1.0);
    assertEquals(0, Fid.compute(g, g).value(), 1e-9);
    double[] shifted = g.mean().clone();
    shifted[5] += 0.5; // negative control: only the mean term changes, by 0.25
    assertEquals(0.25, Fid.compute(g, new Gaussian("shifted", shifted, g.covariance(), 0)).value(), 1e-9);
  }

  @Test
  void agreesWithDenmanBeaversSquareRootOnRandomCovariances() {
    Rng rng = new Rng(11);
    for (int trial = 0; trial < 3; trial++) {
      Gaussian a = randomGaussian(rng, 64, 1.0);
      Gaussian b = randomGaussian(rng, 64, 2.0);
      double expected = referenceFid(a, b);
      double actual = Fid.compute(a, b).value();
      assertEquals(expected, actual, 1e-9 * Math.abs(expected), "trial " + trial);
    }
  }

  @Test
  void bothRoutesGiveTheSameTrace() {
    // The Cholesky route (taken for these positive definite matrices) against the eigendecomposition route, forced.
    Rng rng = new Rng(12);
    Gaussian a = randomGaussian(rng, 64, 1.0);
    Gaussian b = randomGaussian(rng, 64, 3.0);
    Fid.Trace cholesky = Fid.traceOfSquareRoot(a.covariance(), b.covariance(), 64, 0, Fid.Route.AUTOMATIC);
    Fid.Trace eigen = Fid.traceOfSquareRoot(a.covariance(), b.covariance(), 64, 0, Fid.Route.EIGENDECOMPOSITION);
    assertEquals(List.of(), cholesky.flags());
    assertEquals(cholesky.value(), eigen.value(), 1e-12 * cholesky.value());
    double expected = referenceFid(a, b);
    double viaEigen = Fid.compute(a, b).value() + 2 * cholesky.value() - 2 * eigen.value();
    assertEquals(expected, viaEigen, 1e-9 * Math.abs(expected));
  }

  @Test
  void refusesCovariancesFromTooFewSamplesAndFlagsSmallSamples() {
    Gaussian g = randomGaussian(new Rng(5), 8, 1.0);
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> Fid.compute(new Gaussian("fake", g.mean(), g.covariance(), 8), g));
    assertTrue(refused.getMessage().startsWith("Cannot compute FID: fake has 8 samples of 8-dimensional features"),
        refused.getMessage());
    FidResult few = Fid.compute(new Gaussian("real", g.mean(), g.covariance(), 9), g);
    assertEquals(List.of("few-samples:real=9<10000"), few.flags());
    FidResult enough = Fid.compute(new Gaussian("real", g.mean(), g.covariance(), 10_000), g);
    assertEquals(List.of(), enough.flags());
    IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
        () -> Fid.compute(g, randomGaussian(new Rng(6), 4, 1.0)));
    assertTrue(mismatch.getMessage().startsWith("Cannot compute FID: random has 8-dimensional features"),
        mismatch.getMessage());
  }

  /** N(μ, Σ) with μ ~ N(0, 1) and Σ = scale · XᵀX / (2d) for a Gaussian X [2d, d]: well-conditioned SPD. */
  static Gaussian randomGaussian(Rng rng, int d, double scale) {
    double[] mean = new double[d];
    for (int i = 0; i < d; i++) {
      mean[i] = rng.nextGaussian();
    }
    int n = 2 * d;
    double[] x = new double[n * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian();
    }
    double[] covariance = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double sum = 0;
        for (int r = 0; r < n; r++) {
          sum += x[r * d + i] * x[r * d + j];
        }
        covariance[i * d + j] = scale * sum / n;
      }
    }
    return new Gaussian("random", mean, covariance, 0);
  }

  /**
   * FID with tr (Σ1Σ2)^½ from the Denman-Beavers iteration (Denman and Beavers 1976): Y₀ = M, Z₀ = I,
   * Y ← (Y + Z⁻¹)/2, Z ← (Z + Y⁻¹)/2 converges quadratically to M^½ for M with no eigenvalues on the closed negative
   * real axis. Plain float64 Java, nothing shared with the code under test.
   */
  private static double referenceFid(Gaussian a, Gaussian b) {
    int d = a.dimension();
    double[][] m = multiply(square(a.covariance(), d), square(b.covariance(), d));
    double[][] y = m;
    double[][] z = square(identity(d), d);
    for (int iteration = 0; iteration < 100; iteration++) {
      double[][] yInverse = invert(y);
      double[][] zInverse = invert(z);
      double[][] nextY = new double[d][d];
      double[][] nextZ = new double[d][d];
      double change = 0;
      double size = 0;
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          nextY[i][j] = (y[i][j] + zInverse[i][j]) / 2;
          nextZ[i][j] = (z[i][j] + yInverse[i][j]) / 2;
          change = Math.max(change, Math.abs(nextY[i][j] - y[i][j]));
          size = Math.max(size, Math.abs(nextY[i][j]));
        }
      }
      y = nextY;
      z = nextZ;
      if (change < 1e-15 * size) {
        break;
      }
    }
    double value = 0;
    for (int i = 0; i < d; i++) {
      double delta = a.mean()[i] - b.mean()[i];
      value += delta * delta + a.covariance()[i * d + i] + b.covariance()[i * d + i] - 2 * y[i][i];
    }
    return value;
  }

  private static double[][] square(double[] values, int d) {
    double[][] m = new double[d][d];
    for (int i = 0; i < d; i++) {
      System.arraycopy(values, i * d, m[i], 0, d);
    }
    return m;
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    int d = a.length;
    double[][] c = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int k = 0; k < d; k++) {
        for (int j = 0; j < d; j++) {
          c[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    return c;
  }

  /** Gauss-Jordan elimination with partial pivoting. */
  private static double[][] invert(double[][] matrix) {
    int d = matrix.length;
    double[][] a = new double[d][2 * d];
    for (int i = 0; i < d; i++) {
      System.arraycopy(matrix[i], 0, a[i], 0, d);
      a[i][d + i] = 1;
    }
    for (int col = 0; col < d; col++) {
      int pivot = col;
      for (int r = col + 1; r < d; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] swap = a[col];
      a[col] = a[pivot];
      a[pivot] = swap;
      double p = a[col][col];
      for (int j = 0; j < 2 * d; j++) {
        a[col][j] /= p;
      }
      for (int r = 0; r < d; r++) {
        if (r != col && a[r][col] != 0) {
          double f = a[r][col];
          for (int j = 0; j < 2 * d; j++) {
            a[r][j] -= f * a[col][j];
          }
        }
      }
    }
    double[][] inverse = new double[d][d];
    for (int i = 0; i < d; i++) {
      System.arraycopy(a[i], d, inverse[i], 0, d);
    }
    return inverse;
  }

  private static double[] identity(int d) {
    double[] m = new double[d * d];
    for (int i = 0; i < d; i++) {
      m[i * d + i] = 1;
    }
    return m;
  }

  private static double[] diagonal(double... values) {
    int d = values.length;
    double[] m = new double[d * d];
    for (int i = 0; i < d; i++) {
      m[i * d + i] = values[i];
    }
    return m;
  }
}
