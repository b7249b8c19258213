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
      // Every position receives its channel's gradient: the outer product of dy as a column [B·C, 1] with a row of
      // ones [1, H·W], one GEMM: several times faster than libnd4j's broadcast_to (ARCHITECTURE.md has the timings).
      long batchChannels = input.size(0) * input.size(1);
      long positions = input.size(2) * input.size(3);
      INDArray ones = Nd4j.ones(dy.dataType(), 1, positions);
      return Ops.matmul(dy.reshape(batchChannels, 1), false, ones, false).reshape(input.shape());
    }

    @Override
    public INDArray doubleBackward(INDArray dy, INDArray v) {
      // g = broadcast(dy) is linear in dy; its transpose sums v over positions.
      return sum(v);
    }
  }
}
