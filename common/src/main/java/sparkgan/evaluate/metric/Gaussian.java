package sparkgan.evaluate.metric;

/**
 * A Gaussian fitted to feature vectors, as FID compares them: mean [d] and covariance [d, d] (row-major, symmetric)
 * in float64, the number of samples behind them when known (a TTUR or pytorch-fid {@code .npz} file does not record
 * it: {@code samples} is then 0), and a name for messages ("real", a file name).
 */
public record Gaussian(String name, double[] mean, double[] covariance, long samples) {
  public Gaussian {
    if (mean.length == 0) {
      throw new IllegalArgumentException(name + ": mean must have at least one value, got 0");
    }
    if (covariance.length != (long) mean.length * mean.length) {
      throw new IllegalArgumentException(name + ": covariance must be " + mean.length + " x " + mean.length
          + " to match the mean, got " + covariance.length + " values");
    }
    if (samples < 0) {
      throw new IllegalArgumentException(name + ": samples must be >= 0 (0: unknown), got " + samples);
    }
  }

  public int dimension() {
    return mean.length;
  }
}
