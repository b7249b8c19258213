package sparkgan.evaluate.metric;

import sparkgan.config.ConfigException;
import sparkgan.model.nn.Rng;

/**
 * Kernel Inception Distance (Bińkowski et al. 2018, "Demystifying MMD GANs"): the squared maximum mean discrepancy
 * between real and generated features under the cubic polynomial kernel k(x, y) = (x·y / d + 1)³, averaged over
 * random subsets, as the authors' code and torch-fidelity compute it.
 *
 * <p>Per subset of m real and m fake vectors (each drawn without replacement), the estimator of their
 * {@code polynomial_mmd} with {@code mmd_est='unbiased'}: the within-set kernel means leave out the diagonal,
 *
 * <pre>  MMD² = Σ_{i≠j} k(x_i, x_j) / (m(m-1)) + Σ_{i≠j} k(y_i, y_j) / (m(m-1)) - 2 Σ_{i,j} k(x_i, y_j) / m²</pre>
 *
 * so it can be negative. Reported: mean and population standard deviation over the subsets.
 *
 * <p>Subsets come from {@link Rng} (SplitMix64) seeded by {@link Settings#seed}: real indices then fake indices
 * for subset 0, then subset 1, and so on, each by a partial Fisher-Yates shuffle. The same seed and inputs give the
 * same subsets on every machine, so the seed recorded with a result reproduces it.
 */
public final class Kid {
  private Kid() {}

  /**
   * How KID is sampled; the defaults are the reference's (100 subsets of 1,000).
   *
   * @param subsets number of subsets, >= 1
   * @param subsetSize vectors drawn from each set per subset, >= 2 (the within-set mean needs two)
   * @param seed seed of the subset generator
   */
  public record Settings(int subsets, int subsetSize, long seed) {
    public static final int DEFAULT_SUBSETS = 100;
    public static final int DEFAULT_SUBSET_SIZE = 1000;

    public Settings {
      if (subsets < 1) {
        throw ConfigException.invalid("kid-subsets", ">= 1", subsets);
      }
      if (subsetSize < 2) {
        throw ConfigException.invalid("kid-subset-size", ">= 2", subsetSize);
      }
    }
  }

  /** Mean and population standard deviation of MMD² over the subsets, and the settings that drew them. */
  public record Result(double mean, double std, Settings settings) {}

  public static Result compute(RealFeatures real, FakeFeatures fake, Settings settings) {
    FeatureMatrix x = real.features();
    FeatureMatrix y = fake.features();
    if (x.columns() != y.columns()) {
      throw new IllegalArgumentException("Cannot compute KID: real features are " + x.columns()
          + "-dimensional, fake features " + y.columns() + "-dimensional");
    }
    int m = settings.subsetSize();
    if (x.rows() < m || y.rows() < m) {
      throw new IllegalArgumentException("Cannot compute KID: each subset draws " + m + " samples from each set, but "
          + "there are " + x.rows() + " real and " + y.rows() + " fake samples. Lower --kid-subset-size to at most "
          + Math.min(x.rows(), y.rows()) + " or give more samples.");
    }
    Rng rng = new Rng(settings.seed());
    double[] values = new double[settings.subsets()];
    for (int s = 0; s < values.length; s++) {
      double[] xs = gather(x, sample(rng, x.rows(), m));
      double[] ys = gather(y, sample(rng, y.rows(), m));
      values[s] = mmd2(xs, ys, m, x.columns());
    }
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= values.length;
    double variance = 0;
    for (double v : values) {
      variance += (v - mean) * (v - mean);
    }
    return new Result(mean, Math.sqrt(variance / values.length), settings);
  }

  /** The unbiased MMD² of the class comment, for row-major [m, d] sets {@code x} and {@code y}. */
  static double mmd2(double[] x, double[] y, int m, int d) {
    double xx = offDiagonalSum(kernel(DenseLinearAlgebra.multiplyTransposedSecond(x, x, m, d, m), d), m);
    double yy = offDiagonalSum(kernel(DenseLinearAlgebra.multiplyTransposedSecond(y, y, m, d, m), d), m);
    double[] kxy = kernel(DenseLinearAlgebra.multiplyTransposedSecond(x, y, m, d, m), d);
    double xy = 0;
    for (double v : kxy) {
      xy += v;
    }
    return (xx + yy) / ((double) m * (m - 1)) - 2 * xy / ((double) m * m);
  }

  /** Applies k = (dot / d + 1)³ in place to a matrix of dot products. */
  private static double[] kernel(double[] dots, int d) {
    for (int i = 0; i < dots.length; i++) {
      double base = dots[i] / d + 1;
      dots[i] = base * base * base;
    }
    return dots;
  }

  private static double offDiagonalSum(double[] matrix, int m) {
    double sum = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        if (i != j) {
          sum += matrix[i * m + j];
        }
      }
    }
    return sum;
  }

  /** {@code m} distinct indices of [0, n) in draw order: the first m steps of a Fisher-Yates shuffle. */
  private static int[] sample(Rng rng, int n, int m) {
    int[] indices = new int[n];
    for (int i = 0; i < n; i++) {
      indices[i] = i;
    }
    for (int i = 0; i < m; i++) {
      int j = i + (int) Math.floor(rng.nextDouble() * (n - i));
      int swap = indices[i];
      indices[i] = indices[j];
      indices[j] = swap;
    }
    int[] chosen = new int[m];
    System.arraycopy(indices, 0, chosen, 0, m);
    return chosen;
  }

  private static double[] gather(FeatureMatrix matrix, int[] rows) {
    int d = matrix.columns();
    double[] gathered = new double[rows.length * d];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(matrix.values(), rows[i] * d, gathered, i * d, d);
    }
    return gathered;
  }
}
