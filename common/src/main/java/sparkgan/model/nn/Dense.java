package sparkgan.model.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Fully connected: {@code y = x W + b}, W stored [in, out]. Input [B, in]. */
public final class Dense implements Layer {
  private final long outputs;
  private final WeightAndBias parameters;

  private Dense(long outputs, boolean bias) {
    this.outputs = outputs;
    this.parameters = new WeightAndBias(bias);
  }

  public static Dense withBias(long outputs) {
    return new Dense(outputs, true);
  }

  /** Without bias, for a layer followed by batch norm (whose shift makes a bias redundant). */
  public static Dense withoutBias(long outputs) {
    return new Dense(outputs, false);
  }

  @Override
  public String kind() {
    return "dense";
  }

  @Override
  public long[] outputShape(long[] inputShape) {
    if (inputShape.length != 1) {
      throw new IllegalArgumentException("dense takes vectors, got input shape " + Arrays.toString(inputShape));
    }
    return new long[] {outputs};
  }

  @Override
  public List<ParameterSpec> parameters(long[] inputShape) {
    long in = inputShape[0];
    return parameters.specs(ParameterSpec.uniformFanIn(in), ParameterSpec.uniformFanIn(in), new long[] {in, outputs},
        outputs);
  }

  @Override
  public void bind(Map<String, INDArray> values, Map<String, INDArray> gradients) {
    parameters.bind(values, gradients);
  }

  @Override
  public Frame forward(INDArray input, Mode mode, Rng rng) {
    INDArray output = Ops.matmul(input, false, parameters.weight(), false);
    if (parameters.hasBias()) {
      output.addiRowVector(parameters.bias());
    }
    return new DenseFrame(input, output);
  }

  private final class DenseFrame extends InputOutputFrame {
    DenseFrame(INDArray input, INDArray output) {
      super(input, output);
    }

    @Override
    public INDArray backward(INDArray dy, Backprop what) {
      if (what != Backprop.INPUT_ONLY) {
        Ops.matmulAdd(input, true, dy, false, parameters.weightGradient()); // dW += x^T dy
        if (parameters.hasBias()) {
          parameters.biasGradient().addi(dy.sum(0));
        }
      }
      return what == Backprop.PARAMETERS_ONLY ? null : Ops.matmul(dy, false, parameters.weight(), true);
    }

    @Override
    public INDArray doubleBackward(INDArray dy, INDArray v) {
      // g = dy W^T is bilinear in (dy, W): d<v, g>/dW = v^T dy, d<v, g>/d(dy) = v W. The bias does not enter g.
      Ops.matmulAdd(v, true, dy, false, parameters.weightGradient());
      return Ops.matmul(v, false, parameters.weight(), false);
    }
  }
}
