package sparkgan.model.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** 2-D convolution, square kernel, NCHW; weight [out, in, k, k]. Output side (H + 2p - k) / s + 1. */
public final class Conv2d implements Layer {
  private final long outChannels;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final WeightAndBias parameters;

  public Conv2d(long outChannels, int kernel, int stride, int padding, boolean bias) {
    this.outChannels = outChannels;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.parameters = new WeightAndBias(bias);
  }

  @Override
  public String kind() {
    return "conv";
  }

  @Override
  public long[] outputShape(long[] in) {
    long side = (in[1] + 2L * padding - kernel) / stride + 1;
    if (in.length != 3 || in[1] != in[2] || side < 1 || (in[1] + 2L * padding - kernel) % stride != 0) {
      throw new IllegalArgumentException("conv k" + kernel + " s" + stride + " p" + padding
          + " does not tile input " + Arrays.toString(in) + " exactly");
    }
    return new long[] {outChannels, side, side};
  }

  @Override
  public List<ParameterSpec> parameters(long[] in) {
    return parameters.specs(ParameterSpec.normal(0.02), ParameterSpec.constant(0),
        new long[] {outChannels, in[0], kernel, kernel}, outChannels);
  }

  @Override
  public void bind(Map<String, INDArray> values, Map<String, INDArray> gradients) {
    parameters.bind(values, gradients);
  }

  private long[] args() {
    return Ops.convArgs(kernel, stride, padding);
  }

  INDArray convolve(INDArray input, boolean withBias) {
    long[] out = outputShape(new long[] {input.size(1), input.size(2), input.size(3)});
    INDArray output = Ops.empty(input, input.size(0), out[0], out[1], out[2]);
    INDArray[] inputs = withBias ? parameters.withParameters(input) : new INDArray[] {input, parameters.weight()};
    Ops.exec("conv2d", inputs, new INDArray[] {output}, args());
    return output;
  }

  @Override
  public Frame forward(INDArray input, Mode mode, Rng rng) {
    return new ConvFrame(input, convolve(input, true));
  }

  private final class ConvFrame extends InputOutputFrame {
    ConvFrame(INDArray input, INDArray output) {
      super(input, output);
    }

    @Override
    public INDArray backward(INDArray dy, Backprop what) {
      if (what == Backprop.INPUT_ONLY) {
        return transposedConvolve(dy);
      }
      INDArray[] gradients = parameters.gradientOutputs(input);
      Ops.exec("conv2d_bp", parameters.withParameters(input, dy), gradients, args());
      parameters.accumulate(gradients);
      return gradients[0];
    }

    /**
     * dL/dx alone: the transposed convolution of dy with the same weights, no weight gradient computed. A conv
     * weight [out, in, k, k] is already in deconv2d's [in, out, k, k] layout seen from dy's side.
     */
    private INDArray transposedConvolve(INDArray dy) {
      INDArray dx = Ops.empty(input, input.shape());
      Ops.exec("deconv2d", new INDArray[] {dy, parameters.weight()}, new INDArray[] {dx}, args());
      return dx;
    }

    @Override
    public INDArray doubleBackward(INDArray dy, INDArray v) {
      // g = convT(dy; W) is bilinear: <v, convT(dy; W)> = <conv(v; W), dy>. Its W-gradient is the weight gradient
      // of a convolution of v with upstream dy, and its dy-gradient is conv(v; W) without bias.
      INDArray ignoredDx = Ops.empty(v, v.shape());
      INDArray dw = Ops.empty(parameters.weight(), parameters.weight().shape());
      Ops.exec("conv2d_bp", new INDArray[] {v, parameters.weight(), dy}, new INDArray[] {ignoredDx, dw}, args());
      parameters.weightGradient().addi(dw);
      return convolve(v, false);
    }
  }
}
