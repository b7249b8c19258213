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
}
