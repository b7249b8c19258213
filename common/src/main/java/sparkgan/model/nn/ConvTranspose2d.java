package sparkgan.model.nn;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Transposed 2-D convolution (the generator's upsampling), NCHW; weight [in, out, k, k] as in PyTorch. Output side
 * (H - 1) s - 2p + k: k4 s1 p0 maps 1x1 to 4x4, k4 s2 p1 doubles the side, k7 s1 p0 maps 1x1 to 7x7.
 */
public final class ConvTranspose2d implements Layer {
  private final long outChannels;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final WeightAndBias parameters;

  public ConvTranspose2d(long outChannels, int kernel, int stride, int padding, boolean bias) {
    this.outChannels = outChannels;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.parameters = new WeightAndBias(bias);
  }

  @Override
  public String kind() {
    return "deconv";
  }

  @Override
  public long[] outputShape(long[] in) {
    if (in.length != 3 || in[1] != in[2]) {
      throw new IllegalArgumentException("deconv takes square [C, H, W] input, got " + java.util.Arrays.toString(in));
    }
    long side = (in[1] - 1) * stride - 2L * padding + kernel;
    return new long[] {outChannels, side, side};
  }

  @Override
  public List<ParameterSpec> parameters(long[] in) {
    return parameters.specs(ParameterSpec.normal(0.02), ParameterSpec.constant(0),
        new long[] {in[0], outChannels, kernel, kernel}, outChannels);
  }

  @Override
  public void bind(Map<String, INDArray> values, Map<String, INDArray> gradients) {
    parameters.bind(values, gradients);
  }

  private long[] args() {
    return Ops.convArgs(kernel, stride, padding);
  }

  @Override
  public Frame forward(INDArray input, Mode mode, Rng rng) {
    long[] out = outputShape(new long[] {input.size(1), input.size(2), input.size(3)});
    INDArray output = Ops.empty(input, input.size(0), out[0], out[1], out[2]);
    Ops.exec("deconv2d", parameters.withParameters(input), new INDArray[] {output}, args());
    return new DeconvFrame(input, output);
  }

  private final class DeconvFrame extends InputOutputFrame {
    DeconvFrame(INDArray input, INDArray output) {
      super(input, output);
    }

    @Override
    public INDArray backward(INDArray dy, Backprop what) {
      INDArray[] gradients = parameters.gradientOutputs(input);
      Ops.exec("deconv2d_bp", parameters.withParameters(input, dy), gradients, args());
      if (what != Backprop.INPUT_ONLY) {
        parameters.accumulate(gradients);
      }
      return gradients[0];
    }
  }
}
