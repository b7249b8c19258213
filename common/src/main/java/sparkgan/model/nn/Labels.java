package sparkgan.model.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Class labels of a batch, one class index per example, for class-conditional layers and GANs. */
public final class Labels {
  private Labels() {}

  /**
   * Checks that {@code labels} holds one label per example, each in [0, classes) ({@code classes} 0: any
   * non-negative label).
   *
   * @param owner names the network or layer in messages
   */
  static void check(String owner, int[] labels, long batch, int classes) {
    if (labels.length != batch) {
      throw new IllegalArgumentException("Cannot run " + owner + ": labels must number one per example, " + batch
          + ", got " + labels.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || (classes > 0 && labels[i] >= classes)) {
        throw new IllegalArgumentException("Cannot run " + owner + ": labels[" + i + "] must be in [0, "
            + (classes > 0 ? classes : "∞") + "), got " + labels[i]);
      }
    }
  }

  /**
   * The one-hot matrix [N, classes] of checked labels: multiplying by it gathers per-class rows for each example
   * (rows = onehot · table), and by its transpose scatter-adds per-example rows into their classes' rows with
   * repeated labels summed (table += onehotᵀ · rows), both as one GEMM.
   */
  public static INDArray oneHot(int[] labels, int classes, DataType type) {
    INDArray oneHot = Nd4j.zeros(type, labels.length, classes);
    for (int i = 0; i < labels.length; i++) {
      oneHot.putScalar(i, labels[i], 1);
    }
    return oneHot;
  }
}
