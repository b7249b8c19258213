package sparkgan.model.objective;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax cross-entropy of class logits [batch, classes] against integer labels, averaged over the batch:
 * L = -(1/N) Σ_i log softmax(z_i)[y_i], with its gradient dL/dz = (softmax(z) - onehot(y)) / N.
 *
 * <p>Computed in float64 on the host as log-softmax z - max(z) - log Σ exp(z - max(z)), so no exponential
 * overflows and a confident correct class costs log(1 + tiny) rather than log(0). A batch is a few hundred
 * numbers, so Java loops cost nothing next to the network's passes.
 *
 * @param value the mean cross-entropy
 * @param gradient dL/d(logits), [batch, classes], in the logits' data type
 * @param correct examples whose largest logit is their label's (the first largest on ties)
 */
public record CrossEntropy(double value, INDArray gradient, int correct) {

  /** Cross-entropy of {@code logits} for {@code labels}, each in [0, classes). */
  public static CrossEntropy of(INDArray logits, int[] labels) {
    if (logits.rank() != 2 || logits.size(0) != labels.length) {
      throw new IllegalArgumentException("logits must be [" + labels.length + ", classes] for " + labels.length
          + " labels, got " + java.util.Arrays.toString(logits.shape()));
    }
    int n = labels.length;
    int classes = (int) logits.size(1);
    double[][] z = logits.toDoubleMatrix();
    double[][] gradient = new double[n][classes];
    double sum = 0;
    int correct = 0;
    for (int i = 0; i < n; i++) {
      int label = labels[i];
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException("label " + i + " must be in [0, " + classes + "), got " + label);
      }
      int best = 0;
      for (int k = 1; k < classes; k++) {
        if (z[i][k] > z[i][best]) {
          best = k;
        }
      }
      double max = z[i][best];
      double total = 0;
      for (int k = 0; k < classes; k++) {
        total += Math.exp(z[i][k] - max);
      }
      double logTotal = Math.log(total);
      sum -= z[i][label] - max - logTotal;
      for (int k = 0; k < classes; k++) {
        gradient[i][k] = (Math.exp(z[i][k] - max - logTotal) - (k == label ? 1 : 0)) / n;
      }
      if (best == label) {
        correct++;
      }
    }
    return new CrossEntropy(sum / n, Nd4j.createFromArray(gradient).castTo(logits.dataType()), correct);
  }
}
