package sparkgan.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.model.nn.Rng;

/**
 * A source of real training batches, scaled to the generator's output range. A batch is a pure function of where
 * the worker stands in its data ({@code consumed}, part of the training state) and the step's random stream, so a
 * restored, retried or resumed training reads exactly the same batches.
 */
public interface RealData {

  /** Shape of one sample: [C, H, W] for images, [F] for vectors. */
  long[] sampleShape();

  /**
   * The batch of examples {@code consumed} to {@code consumed + batchSize - 1} of this worker's endless sequence,
   * [batchSize, ...sampleShape]. Finite datasets visit their examples in epochs of a fresh permutation; synthetic
   * sources draw from {@code stepRng}.
   */
  INDArray next(long consumed, int batchSize, Rng stepRng, DataType type);

  /** Number of classes its labels index (0 to classes - 1); 0 when the data has no labels (the default). */
  default int classes() {
    return 0;
  }

  /**
   * The labels of the examples {@link #next} returns for the same {@code consumed} and {@code batchSize}, in the
   * same order: like the batch, a pure function of the position in the data.
   *
   * @throws IllegalStateException for data without labels
   */
  default int[] labels(long consumed, int batchSize) {
    throw new IllegalStateException("Cannot draw labels: this data (" + getClass().getSimpleName() + ") has none");
  }
}
