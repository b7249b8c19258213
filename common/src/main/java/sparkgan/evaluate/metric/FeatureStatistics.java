package sparkgan.evaluate.metric;

import java.io.Serializable;

/**
 * Sufficient statistics of a set of feature vectors for FID: the count n, the sum Σx and the sum of outer products
 * Σxxᵀ, all in float64. Statistics of parts merge into the statistics of the whole, which is how Spark computes
 * them: one per partition, merged on the driver in partition order (sparkgan.evaluate.SparkFeatureStatistics), so
 * the result does not depend on which executor finished first.
 *
 * <p>Mutable, not thread-safe; {@code Serializable} so that a partition's statistics can travel to the driver.
 * Only the upper triangle of Σxxᵀ is accumulated (the lower is its mirror).
 */
public final class FeatureStatistics implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int dimension;
  private long count;
  private final double[] sum;
  private final double[] outerUpper;

  /** Empty statistics of {@code dimension}-dimensional vectors. */
  public FeatureStatistics(int dimension) {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
    }
    this.dimension = dimension;
    this.sum = new double[dimension];
    this.outerUpper = new double[dimension * dimension];
  }

  public int dimension() {
    return dimension;
  }

  public long count() {
    return count;
  }

  /** Adds one vector. For many vectors {@link #add(FeatureMatrix)} is much faster (one BLAS call). */
  public FeatureStatistics add(float[] row) {
    checkDimension(row.length);
    for (int i = 0; i < dimension; i++) {
      double xi = row[i];
      sum[i] += xi;
      int offset = i * dimension;
      for (int j = i; j < dimension; j++) {
        outerUpper[offset + j] += xi * row[j];
      }
    }
    count++;
    return this;
  }

  /** Adds every row of {@code block}. */
  public FeatureStatistics add(FeatureMatrix block) {
    checkDimension(block.columns());
    if (block.rows() == 0) {
      return this;
    }
    double[] values = block.values();
    for (int r = 0; r < block.rows(); r++) {
      int offset = r * dimension;
      for (int i = 0; i < dimension; i++) {
        sum[i] += values[offset + i];
      }
    }
    DenseLinearAlgebra.addGramUpper(values, block.rows(), dimension, outerUpper);
    count += block.rows();
    return this;
  }

  /** Adds {@code other}'s vectors to these statistics; {@code other} is unchanged. */
  public FeatureStatistics merge(FeatureStatistics other) {
    checkDimension(other.dimension);
    for (int i = 0; i < dimension; i++) {
      sum[i] += other.sum[i];
    }
    for (int i = 0; i < dimension; i++) {
      int offset = i * dimension;
      for (int j = i; j < dimension; j++) {
        outerUpper[offset + j] += other.outerUpper[offset + j];
      }
    }
    count += other.count;
    return this;
  }

  /** The sample mean μ = Σx / n. */
  public double[] mean() {
    requireSamples(1);
    double[] mean = new double[dimension];
    for (int i = 0; i < dimension; i++) {
      mean[i] = sum[i] / count;
    }
    return mean;
  }

  /**
   * The sample covariance with the N-1 denominator, as numpy's {@code np.cov(x, rowvar=False)} that pytorch-fid and
   * TTUR use: (Σxxᵀ - n μμᵀ) / (n - 1), full and symmetric, row-major [dimension, dimension].
   */
  public double[] covariance() {
    requireSamples(2);
    double[] mean = mean();
    double[] covariance = new double[dimension * dimension];
    for (int i = 0; i < dimension; i++) {
      for (int j = i; j < dimension; j++) {
        double value = (outerUpper[i * dimension + j] - count * mean[i] * mean[j]) / (count - 1);
        covariance[i * dimension + j] = value;
        covariance[j * dimension + i] = value;
      }
    }
    return covariance;
  }

  /** Mean, covariance and sample count as the Gaussian FID compares; {@code name} labels it in messages. */
  public Gaussian gaussian(String name) {
    return new Gaussian(name, mean(), covariance(), count);
  }

  private void checkDimension(int given) {
    if (given != dimension) {
      throw new IllegalArgumentException("Cannot add " + given + "-dimensional features to statistics of "
          + dimension + "-dimensional features");
    }
  }

  private void requireSamples(int needed) {
    if (count < needed) {
      throw new IllegalStateException("Cannot compute feature statistics from " + count + " samples: at least "
          + needed + " needed");
    }
  }
}
