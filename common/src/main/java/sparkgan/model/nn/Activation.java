package sparkgan.model.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Max;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Element-wise non-linearities. */
public final class Activation implements Layer {
  /** Which function. */
  public enum Function {
    RELU,
    LEAKY_RELU,
    TANH,
    IDENTITY
  }

  private final Function function;
  private final double slope;

  private Activation(Function function, double slope) {
    this.function = function;
    this.slope = slope;
  }

  public static Activation relu() {
    return new Activation(Function.RELU, 0);
  }

  /** LeakyReLU with the given negative slope in [0, 1) (0.2 in DCGAN's discriminator). */
  public static Activation leakyRelu(double slope) {
    if (!(slope >= 0 && slope < 1)) {
      throw new IllegalArgumentException("LeakyReLU slope must be in [0, 1), got " + slope);
    }
    return new Activation(Function.LEAKY_RELU, slope);
  }

  public static Activation tanh() {
    return new Activation(Function.TANH, 0);
  }

  public static Activation identity() {
    return new Activation(Function.IDENTITY, 0);
  }

  @Override
  public String kind() {
    return function == Function.LEAKY_RELU ? "lrelu" : function.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public long[] outputShape(long[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public Frame forward(INDArray input, Mode mode, Rng rng) {
    INDArray output = switch (function) {
      case RELU -> Transforms.relu(input, true /* copy */);
      case LEAKY_RELU -> leakyRelu(input);
      case TANH -> Transforms.tanh(input, true /* copy */);
      case IDENTITY -> input;
    };
    return new ActivationFrame(input, output);
  }

  /**
   * max(x, slope x), equal to LeakyReLU for a slope in [0, 1). Two plain element-wise ops: libnd4j M2.1's own
   * leaky-ReLU kernels (the scalar op and lrelu_bp) run 4-5x slower than these on this kind of CPU.
   */
  private INDArray leakyRelu(INDArray x) {
    INDArray y = x.mul(slope);
    Nd4j.exec(new Max(x, y, y));
    return y;
  }

  private final class ActivationFrame extends InputOutputFrame {
    ActivationFrame(INDArray input, INDArray output) {
      super(input, output);
    }

    @Override
    public INDArray backward(INDArray dy, Backprop what) {
      return switch (function) {
        case RELU, LEAKY_RELU -> piecewiseLinear(dy);
        case TANH -> output.mul(output).rsubi(1).muli(dy); // tanh' = 1 - tanh^2
        case IDENTITY -> dy;
      };
    }

    /**
     * dy times the slope at the input: 1 where the input is positive, else 0 (ReLU) or the leak. The slope array
     * and a product, for the speed reason given at {@link #leakyRelu}.
     */
    private INDArray piecewiseLinear(INDArray dy) {
      INDArray dx = Ops.empty(dy, dy.shape());
      Nd4j.exec(new LeakyReLUDerivative(input, dx, slope)); // 1 where x > 0, else slope (0 for ReLU)
      return dx.muli(dy);
    }

    @Override
    public INDArray doubleBackward(INDArray dy, INDArray v) {
      // g = dy * f'(x) with f' piecewise constant: linear in dy with the same mask, no gradient through x.
      return switch (function) {
        case RELU, LEAKY_RELU -> piecewiseLinear(v);
        case IDENTITY -> v;
        case TANH -> super.doubleBackward(dy, v);
      };
    }
  }
}
