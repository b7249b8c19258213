package sparkgan.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.model.nn.Rng;

/** A source of real training batches, scaled to the generator's output range. */
public interface RealData {

  /** Shape of one sample: [C, H, W] for images, [F] for vectors. */
  long[] sampleShape();

  /** The next batch, [batchSize, ...sampleShape], drawn with {@code rng}. */
  INDArray next(int batchSize, Rng rng, DataType type);
}
