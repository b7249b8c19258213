package sparkgan.model.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Global sum pooling, [C, H, W] to [C]: the SNGAN discriminator's last feature map summed over positions (a sum,
 * not a mean, as in Miyato et al.'s ResNet critic, so the critic's scale grows with the image).
 */
public final class SumPool implements Layer {
  private static final long[] SPATIAL_AXES = {2, 3};

  @Override
  public String kind() {
    return "sumpool";
  }

  @Override
  public long[] outputShape(long[] in) {
    if (in.length != 3) {
      throw new IllegalArgumentException("sumpool takes [C, H, W], got " + Arrays.toString(in));
    }
    return new long[] {in[0]};
  }

  private static INDArray sum(INDArray x) {
    INDArray y = Ops.empty(x, x.size(0), x.size(1));
    Ops.exec("reduce_sum", new INDArray[] {x}, new INDArray[] {y}, SPATIAL_AXES);
    return y;
  }

  @Override
  public Frame forward(INDArray input, Mode mode, Rng rng) {
    return new SumFrame(input, sum(input));
  }

  private static final class SumFrame extends InputOutputFrame {
    SumFrame(INDArray input, INDArray output) {
      super(input, output);
    }

    @Override
    public INDArray backward(INDArray dy, Backprop what) {
      // Every position receives its channel's gradient.
      INDArray dx = Ops.empty(input, input.shape());
      Ops.exec("broadcast_to", new INDArray[] {dy.reshape(dy.size(0), dy.size(1), 1, 1),
          Nd4j.createFromArray(input.shape())}, new INDArray[] {dx}, null);
      return dx;
    }

    @Override
    public INDArray doubleBackward(INDArray dy, INDArray v) {
      // g = broadcast(dy) is linear in dy; its transpose sums v over positions.
      return sum(v);
    }
  }
}
