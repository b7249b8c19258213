package sparkgan.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.model.nn.Rng;

/**
 * The data of a driver that never trains itself: in a distributed run the driver's training only holds the
 * averaged state (for checkpoints and samples) and needs the data's shape, never a batch.
 */
public record ShapeOnly(long... sampleShape) implements RealData {

  @Override
  public long[] sampleShape() {
    return sampleShape.clone();
  }

  @Override
  public INDArray next(long consumed, int batchSize, Rng stepRng, DataType type) {
    throw new IllegalStateException("The driver of a distributed run draws no batches; its workers do");
  }
}
