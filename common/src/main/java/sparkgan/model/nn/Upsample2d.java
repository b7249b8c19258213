package sparkgan.model.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Nearest-neighbour 2x upsampling, [C, H, W] to [C, 2H, 2W]: each value copied into a 2x2 block. The upsampling of
 * the SNGAN generator's residual blocks (the original Chainer SNGAN's unpooling).
 *
 * <p>Both passes are one GEMM. Row i of an image lands in output rows 2i and 2i+1, which are adjacent in memory:
 * seen as a matrix [B·C·H, 4W], the output is the input [B·C·H, W] times a 0/1 matrix S [W, 4W] that copies
 * column j to columns 2j, 2j+1, 2W+2j and 2W+2j+1; the backward pass multiplies by Sᵀ. Faster than libnd4j's
 * {@code upsampling2d} ops (ARCHITECTURE.md, "ResNet layers", has the timings).
 */
public final class Upsample2d implements Layer {

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

  /** S [W, 4W] for input width {@code width}, in the type of {@code like}. */
  private static INDArray spreading(long width, INDArray like) {
    int w = Math.toIntExact(width);
    double[] s = new double[4 * w * w];
    for (int j = 0; j < w; j++) {
      for (int copy : new int[] {2 * j, 2 * j + 1, 2 * w + 2 * j, 2 * w + 2 * j + 1}) {
        s[j * 4 * w + copy] = 1;
      }
    }
    return Nd4j.create(s, new long[] {w, 4L * w}, 'c').castTo(like.dataType());
  }

  static INDArray upsample(INDArray x) {
    long rows = x.size(0) * x.size(1) * x.size(2);
    INDArray y = Ops.matmul(x.reshape('c', rows, x.size(3)), false, spreading(x.size(3), x), false);
    return y.reshape('c', x.size(0), x.size(1), 2 * x.size(2), 2 * x.size(3));
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
      // Sums each 2x2 block of dy: the transpose of copying.
      long rows = input.size(0) * input.size(1) * input.size(2);
      INDArray dx = Ops.matmul(dy.reshape('c', rows, 4 * input.size(3)), false, spreading(input.size(3), dy), true);
      return dx.reshape('c', input.shape());
    }

    @Override
    public INDArray doubleBackward(INDArray dy, INDArray v) {
      // g = Uᵀdy for the linear map U (upsampling): d<v, g>/d(dy) = U v.
      return upsample(v);
    }
  }
}
