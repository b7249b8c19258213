package sparkgan.model.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * 2x2 average pooling with stride 2 (PyTorch's {@code avg_pool2d(x, 2)}): the downsampling of the SNGAN
 * discriminator's residual blocks. Input [C, H, W] with even H and W.
 */
public final class AvgPool2d implements Layer {
  /** kH, kW, sH, sW, pH, pW, dH, dW, same mode (0), divisor mode (0: window size; no padding here), NCHW (0). */
  private static final long[] ARGS = {2, 2, 2, 2, 0, 0, 1, 1, 0, 0, 0};

  @Override
  public String kind() {
    return "avgpool";
  }

  @Override
  public long[] outputShape(long[] in) {
    if (in.length != 3 || in[1] % 2 != 0 || in[2] % 2 != 0 || in[1] < 2 || in[2] < 2) {
      throw new IllegalArgumentException("avgpool 2x2 takes [C, H, W] with even H and W, got " + Arrays.toString(in));
    }
    return new long[] {in[0], in[1] / 2, in[2] / 2};
  }

  static INDArray pool(INDArray x) {
    INDArray y = Ops.empty(x, x.size(0), x.size(1), x.size(2) / 2, x.size(3) / 2);
    Ops.exec("avgpool2d", new INDArray[] {x}, new INDArray[] {y}, ARGS);
    return y;
  }

  @Override
  public Frame forward(INDArray input, Mode mode, Rng rng) {
    return new PoolFrame(input, pool(input));
  }

  private static final class PoolFrame extends InputOutputFrame {
    PoolFrame(INDArray input, INDArray output) {
      super(input, output);
    }

    @Override
    public INDArray backward(INDArray dy, Backprop what) {
      INDArray dx = Ops.empty(input, input.shape());
      Ops.exec("avgpool2d_bp", new INDArray[] {input, dy}, new INDArray[] {dx}, ARGS);
      return dx;
    }

    @Override
    public INDArray doubleBackward(INDArray dy, INDArray v) {
      // g = Pᵀdy for the linear map P (pooling): d<v, g>/d(dy) = P v; nothing depends on the input.
      return pool(v);
    }
  }
}
