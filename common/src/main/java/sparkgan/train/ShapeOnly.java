package sparkgan.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.model.nn.Rng;

/**
 * The data of a driver that never trains itself: in a distributed run the driver's training only holds the
 * averaged state (for checkpoints and samples) and needs the data's shape and number of classes (they shape the
 * networks), never a batch.
 *
 * @param sampleShape the shape of one example ({@link RealData#sampleShape()})
 * @param classes the number of classes of the workers' data, 0 when unlabelled
 */
public record ShapeOnly(long[] sampleShape, int classes) implements RealData {

  public ShapeOnly {
    sampleShape = sampleShape.clone();
    if (classes < 0) {
      throw new IllegalArgumentException("classes must be >= 0, got " + classes);
    }
  }

  @Override
  public long[] sampleShape() {
    return sampleShape.clone();
  }

  @Override
  public INDArray next(long consumed, int batchSize, Rng stepRng, DataType type) {
    throw new IllegalStateException("The driver of a distributed run draws no batches; its workers do");
  }
}
