package sparkgan.model.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;

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
      throw new IllegalArgumentException("deconv takes square [C, H, W] input, got " + Arrays.toString(in));
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
    if (isMatrixProduct(input)) {
      INDArray output = Ops.matmul(rows(input), false, matrix(parameters.weight()), false)
          .reshape(input.size(0), outChannels, kernel, kernel);
      if (parameters.hasBias()) {
        Nd4j.exec(new BroadcastAddOp(output, parameters.bias(), output, 1));
      }
      return new MatrixProductFrame(input, output);
    }
    long[] out = outputShape(new long[] {input.size(1), input.size(2), input.size(3)});
    INDArray output = Ops.empty(input, input.size(0), out[0], out[1], out[2]);
    Ops.exec("deconv2d", parameters.withParameters(input), new INDArray[] {output}, args());
    return new DeconvFrame(input, output);
  }

  /**
   * True for a 1x1 input without padding, the generator's first layer: then out[n, (o, h, w)] = sum_i z[n, i] W[i, (o,
   * h, w)], one matrix product with the weight [in, out, k, k] read as [in, out·k·k]. GEMM is much cheaper there than
   * oneDNN's deconvolution: at 100 input channels (dcgan28), oneDNN pads the weight to a blocked layout and copying
   * its gradient back out took 73-93 ms a step by itself, against about 2 ms for each of the three products.
   */
  private boolean isMatrixProduct(INDArray input) {
    return input.size(2) == 1 && input.size(3) == 1 && padding == 0;
  }

  /** [N, C, 1, 1] as [N, C]. */
  private static INDArray rows(INDArray input) {
    return input.reshape('c', input.size(0), input.size(1));
  }

  /**
   * A weight or weight-gradient view [in, out, k, k] as the matrix [in, out·k·k] over the same memory, so that a
   * product can accumulate into the network's gradient buffer.
   */
  private INDArray matrix(INDArray weight) {
    if (!Arrays.equals(weight.stride(), Nd4j.getStrides(weight.shape(), 'c'))) {
      throw new IllegalStateException("Cannot read the deconv weight as a matrix: its strides "
          + Arrays.toString(weight.stride()) + " are not row-major for shape " + Arrays.toString(weight.shape()));
    }
    long columns = outChannels * kernel * kernel;
    return Nd4j.create(weight.data(), new long[] {weight.size(0), columns}, new long[] {columns, 1}, weight.offset(),
        'c');
  }

  private final class MatrixProductFrame extends InputOutputFrame {
    MatrixProductFrame(INDArray input, INDArray output) {
      super(input, output);
    }

    @Override
    public INDArray backward(INDArray dy, Backprop what) {
      INDArray dyRows = dy.reshape('c', dy.size(0), outChannels * kernel * kernel);
      if (what != Backprop.INPUT_ONLY) {
        Ops.matmulAdd(rows(input), true, dyRows, false, matrix(parameters.weightGradient())); // dW += z^T dy
        if (parameters.hasBias()) {
          parameters.biasGradient().addi(dy.sum(0, 2, 3));
        }
      }
      return what == Backprop.PARAMETERS_ONLY ? null
          : Ops.matmul(dyRows, false, matrix(parameters.weight()), true).reshape(input.shape());
    }
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
