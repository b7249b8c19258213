package sparkgan.model.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Nearest-neighbour 2x upsampling, [C, H, W] to [C, 2H, 2W]: each value copied into a 2x2 block. The upsampling of
 * the SNGAN generator's residual blocks (the original Chainer SNGAN's unpooling).
 */
public final class Upsample2d implements Layer {
  /** upsampling2d's int args: factor H, factor W, NCHW (1). */
  private static final long[] ARGS = {2, 2, 1};

  @Override
  public String kind() {
    return "upsample";
  }

  @Override
  public long[] outputShape(long[] in) {
    if (in.length != 3) {
      throw new IllegalArgumentException("upsample takes [C, H, W], got " + Arrays.toString(in));
    }
    return new long[] {in[0], 2 * in[1], 2 * in[2]};
  }

  static INDArray upsample(INDArray x) {
    INDArray y = Ops.empty(x, x.size(0), x.size(1), 2 * x.size(2), 2 * x.size(3));
    Ops.exec("upsampling2d", new INDArray[] {x}, new INDArray[] {y}, ARGS);
    return y;
  }

  @Override
  public Frame forward(INDArray input, Mode mode, Rng rng) {
    return new UpsampleFrame(input, upsample(input));
  }

  private static final class UpsampleFrame extends InputOutputFrame {
    UpsampleFrame(INDArray input, INDArray output) {
      super(input, output);
    }

    @Override
    public INDArray backward(INDArray dy, Backprop what) {
      // Sums each 2x2 block of dy (the transpose of copying), as 4 times its average: libnd4j's avgpool2d takes 5 ms
      // on a [64, 128, 32, 32] gradient here, its upsampling2d_bp 11 ms.
      return AvgPool2d.pool(dy).muli(4);
    }

    @Override
    public INDArray doubleBackward(INDArray dy, INDArray v) {
      // g = Uᵀdy for the linear map U (upsampling): d<v, g>/d(dy) = U v.
      return upsample(v);
    }
  }
}
