package sparkgan.model.nn;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A transposed convolution of a 1x1 input runs as a matrix product; it must give exactly what libnd4j's
 * {@code deconv2d} and {@code deconv2d_bp} give (output, input gradient, weight and bias gradients), accumulated into
 * the layer's gradient views.
 */
class ConvTranspose2dTest {

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void onePixelInputMatchesLibnd4jsDeconvolution(boolean bias) {
    Rng rng = new Rng(11);
    int in = 5;
    int out = 3;
    int kernel = 4;
    ConvTranspose2d layer = new ConvTranspose2d(out, kernel, 1, 0, bias);
    Map<String, INDArray> values = new HashMap<>();
    Map<String, INDArray> gradients = new HashMap<>();
    for (ParameterSpec spec : layer.parameters(new long[] {in, 1, 1})) {
      values.put(spec.name(), rng.gaussian(DataType.DOUBLE, 0, 1, spec.shape()));
      gradients.put(spec.name(), rng.gaussian(DataType.DOUBLE, 0, 1, spec.shape())); // accumulated onto
    }
    Map<String, INDArray> gradientsBefore = new HashMap<>();
    gradients.forEach((name, g) -> gradientsBefore.put(name, g.dup()));
    layer.bind(values, gradients);
    INDArray z = rng.gaussian(DataType.DOUBLE, 0, 1, 2, in, 1, 1);
    INDArray dy = rng.gaussian(DataType.DOUBLE, 0, 1, 2, out, kernel, kernel);

    Layer.Frame frame = layer.forward(z, Mode.TRAIN, rng);
    INDArray dz = frame.backward(dy, Layer.Backprop.PARAMETERS_AND_INPUT);

    INDArray[] inputs = bias ? new INDArray[] {z, values.get("weight"), values.get("bias")}
        : new INDArray[] {z, values.get("weight")};
    INDArray expectedOutput = dy.ulike();
    Ops.exec("deconv2d", inputs, new INDArray[] {expectedOutput}, Ops.convArgs(kernel, 1, 0));
    INDArray expectedDz = z.ulike();
    INDArray expectedDw = values.get("weight").ulike();
    INDArray[] bpInputs = bias ? new INDArray[] {z, values.get("weight"), values.get("bias"), dy}
        : new INDArray[] {z, values.get("weight"), dy};
    INDArray[] bpOutputs = bias ? new INDArray[] {expectedDz, expectedDw, values.get("bias").ulike()}
        : new INDArray[] {expectedDz, expectedDw};
    Ops.exec("deconv2d_bp", bpInputs, bpOutputs, Ops.convArgs(kernel, 1, 0));

    assertClose("output", expectedOutput, frame.output());
    assertClose("input gradient", expectedDz, dz);
    assertClose("weight gradient", gradientsBefore.get("weight").add(expectedDw), gradients.get("weight"));
    if (bias) {
      assertClose("bias gradient", gradientsBefore.get("bias").add(bpOutputs[2]), gradients.get("bias"));
    }
    assertNull(layer.forward(z, Mode.TRAIN, rng).backward(dy, Layer.Backprop.PARAMETERS_ONLY));
  }

  private static void assertClose(String what, INDArray expected, INDArray actual) {
    double error = expected.sub(actual).amaxNumber().doubleValue();
    assertTrue(error < 1e-12 * Math.max(1, expected.amaxNumber().doubleValue()), what + ": max difference " + error);
  }
}
