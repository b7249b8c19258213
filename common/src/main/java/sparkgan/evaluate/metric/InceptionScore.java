package sparkgan.evaluate.metric;

/**
 * Inception Score (Salimans et al. 2016, "Improved Techniques for Training GANs"): exp(E_x KL(p(y|x) ‖ p(y))), as the
 * authors' TensorFlow code and torch-fidelity compute it. The samples are cut into {@code splits} consecutive parts in
 * sample order (part i is rows ⌊iN/splits⌋ to ⌊(i+1)N/splits⌋), p(y) is the mean of p(y|x) over the part, and the
 * result is the mean and the population standard deviation ({@code np.std}) of the parts' scores. (torch-fidelity
 * shuffles the samples first by default, with its own seed; the original code and this keep the given order, so a
 * caller that wants shuffled splits shuffles the rows.)
 *
 * <p>p(y|x) is the softmax of the logits, computed in float64 through a log-softmax (max subtracted), so that large
 * logits neither overflow nor lose the log of small probabilities. A term with p(y|x) = 0 contributes its limit, 0
 * (numpy would give 0 · -inf = NaN when a class is absent from a whole part).
 */
public final class InceptionScore {
  /** The splits of the reference protocol. */
  public static final int DEFAULT_SPLITS = 10;

  private InceptionScore() {}

  /** Mean and population standard deviation over the splits. */
  public record Result(double mean, double std) {}

  /** The score of {@code logits} [N, classes] (pre-softmax outputs of the classifier) over {@code splits} parts. */
  public static Result compute(FeatureMatrix logits, int splits) {
    if (splits < 1) {
      throw new IllegalArgumentException("splits must be >= 1, got " + splits);
    }
    int n = logits.rows();
    if (n < splits) {
      throw new IllegalArgumentException("Cannot compute the Inception Score: " + n + " samples for " + splits
          + " splits; every split needs at least one sample");
    }
    int classes = logits.columns();
    double[] logP = new double[n * classes];
    for (int row = 0; row < n; row++) {
      logSoftmax(logits.values(), row * classes, classes, logP);
    }
    double[] scores = new double[splits];
    for (int split = 0; split < splits; split++) {
      int from = (int) ((long) split * n / splits);
      int to = (int) ((long) (split + 1) * n / splits);
      double[] marginal = new double[classes];
      for (int row = from; row < to; row++) {
        for (int c = 0; c < classes; c++) {
          marginal[c] += Math.exp(logP[row * classes + c]);
        }
      }
      double[] logMarginal = new double[classes];
      for (int c = 0; c < classes; c++) {
        logMarginal[c] = Math.log(marginal[c] / (to - from));
      }
      double klSum = 0;
      for (int row = from; row < to; row++) {
        for (int c = 0; c < classes; c++) {
          double p = Math.exp(logP[row * classes + c]);
          if (p > 0) {
            klSum += p * (logP[row * classes + c] - logMarginal[c]);
          }
        }
      }
      scores[split] = Math.exp(klSum / (to - from));
    }
    double mean = 0;
    for (double s : scores) {
      mean += s;
    }
    mean /= splits;
    double variance = 0;
    for (double s : scores) {
      variance += (s - mean) * (s - mean);
    }
    return new Result(mean, Math.sqrt(variance / splits));
  }

  private static void logSoftmax(double[] logits, int offset, int classes, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      double value = logits[offset + c];
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("Cannot compute the Inception Score: logit " + c + " of sample "
            + offset / classes + " is " + value);
      }
      max = Math.max(max, value);
    }
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += Math.exp(logits[offset + c] - max);
    }
    double logSum = max + Math.log(sum);
    for (int c = 0; c < classes; c++) {
      out[offset + c] = logits[offset + c] - logSum;
    }
  }
}
