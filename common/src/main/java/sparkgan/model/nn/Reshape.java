package sparkgan.model.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Changes the per-example shape, e.g. a latent vector [Z] to [Z, 1, 1], or a critic's [1, 1, 1] to [1]. */
public final class Reshape implements Layer {
  private final long[] shape;

  public Reshape(long... shape) {
    this.shape = shape.clone();
  }

  @Override
  public String kind() {
    return "reshape";
  }

  @Override
  public long[] outputShape(long[] inputShape) {
    if (Rng.length(inputShape) != Rng.length(shape)) {
      throw new IllegalArgumentException("Cannot reshape " + Arrays.toString(inputShape) + " to " + Arrays.toString(shape));
    }
    return shape.clone();
  }

  @Override
  public Frame forward(INDArray input, Mode mode, Rng rng) {
    long[] batched = new long[shape.length + 1];
    batched[0] = input.size(0);
    System.arraycopy(shape, 0, batched, 1, shape.length);
    return new ReshapeFrame(input.shape(), input.dup('c').reshape('c', batched));
  }

  private record ReshapeFrame(long[] inputShape, INDArray output) implements Frame {
    @Override
    public INDArray backward(INDArray dy, Backprop what) {
      return dy.dup('c').reshape('c', inputShape);
    }

    @Override
    public INDArray doubleBackward(INDArray dy, INDArray v) {
      return v.dup('c').reshape('c', output.shape());
    }
  }
}
