package sparkgan.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every layer's backward pass against finite differences, in float64, for the loss L = sum(output * R) with a
 * fixed random R (so dL/d(output) = R): parameter gradients and the input gradient.
 */
class LayerGradientTest {
  /** float64; finite differences across a LeakyReLU kink limit the attainable agreement to about 1e-5. */
  private static final double TOLERANCE = 1e-5;

  private static void check(List<Layer> layers, long[] inputShape, int batch, int stride) {
    Rng rng = new Rng(42);
    Network net = GradientCheck.perturbedNetwork(layers, inputShape, rng);
    INDArray x = GradientCheck.gaussianBatch(rng, batch, inputShape);
    long[] outShape = net.forward(x, Mode.TRAIN, new Rng(7)).output().shape();
    INDArray r = rng.gaussian(DataType.DOUBLE, 0, 1, outShape);

    net.zeroGradients();
    INDArray dx = net.forward(x, Mode.TRAIN, new Rng(7)).backward(r);
    INDArray paramGrads = net.gradients().dup();
    java.util.function.DoubleSupplier loss = () -> net.forward(x, Mode.TRAIN, new Rng(7)).output().mul(r).sumNumber()
        .doubleValue();

    GradientCheck.assertBelow(TOLERANCE, GradientCheck.maxRelativeError(net.parameters(), paramGrads, loss, stride),
        "parameters of " + layers);
    GradientCheck.assertBelow(TOLERANCE, GradientCheck.maxRelativeError(x, dx, loss, stride), "input of " + layers);
  }

  @Test
  void denseLeakyReluDropoutDense() {
    check(List.of(Dense.withBias(7), Activation.leakyRelu(0.2), new Dropout(0.3), Dense.withBias(3)),
        new long[] {5}, 4, 1);
  }

  @Test
  void denseBatchNormReluTanh() {
    check(List.of(Dense.withoutBias(6), new BatchNorm(), Activation.relu(), Dense.withBias(4), Activation.tanh()),
        new long[] {3}, 8, 1);
  }

  @Test
  void discriminatorStyleConvolutions() {
    check(List.of(new Conv2d(4, 4, 2, 1, true), Activation.leakyRelu(0.2), new Conv2d(6, 4, 2, 1, false),
        new BatchNorm(), Activation.leakyRelu(0.2), new Conv2d(1, 2, 1, 0, true), new Reshape(1)),
        new long[] {2, 8, 8}, 3, 1);
  }

  @Test
  void generatorStyleTransposedConvolutions() {
    check(List.of(new Reshape(5, 1, 1), new ConvTranspose2d(6, 4, 1, 0, false), new BatchNorm(), Activation.relu(),
        new ConvTranspose2d(2, 4, 2, 1, true), Activation.tanh()), new long[] {5}, 4, 1);
  }

  @Test
  void inputGradientAloneEqualsTheFullBackwardsAndLeavesParameterGradientsAlone() {
    Rng rng = new Rng(3);
    Network net = Network.build("d", new long[] {2, 8, 8}, List.of(new Conv2d(4, 4, 2, 1, true),
        Activation.leakyRelu(0.2), new Conv2d(1, 4, 1, 0, true), new Reshape(1)), DataType.DOUBLE, rng);
    INDArray x = rng.gaussian(DataType.DOUBLE, 0, 1, 3, 2, 8, 8);
    INDArray r = rng.gaussian(DataType.DOUBLE, 0, 1, 3, 1);
    net.zeroGradients();
    INDArray full = net.forward(x, Mode.TRAIN, rng).backward(r);
    net.zeroGradients();
    INDArray inputOnly = net.forward(x, Mode.TRAIN, rng).inputGradient(r);
    assertEquals(0.0, net.gradients().norm2Number().doubleValue());
    assertEquals(0.0, full.sub(inputOnly).norm2Number().doubleValue() / full.norm2Number().doubleValue(), 1e-12);
  }
}
