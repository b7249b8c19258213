package sparkgan.model.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ResNet SNGAN layers' backward passes against finite differences in float64, for L = sum(output * R) as in
 * {@link LayerGradientTest}. Spectral norm is checked in EVAL mode, where u is fixed and σ = ‖Mᵀu‖ is a function of
 * W alone, so its gradient with v held fixed is exact; a few TRAIN passes first move u off its random start.
 * Residual blocks with batch norm are checked in TRAIN mode (batch statistics).
 */
class ResNetLayersGradientTest {
  private static final double TOLERANCE = 1e-5;

  /** A network, its input, R, and the loss at the current parameters and input in {@code mode}. */
  private record Setup(Network net, INDArray x, INDArray r, Mode mode) {
    double loss() {
      return net.forward(x, mode, new Rng(7)).output().mul(r).sumNumber().doubleValue();
    }

    /** dL/dx, with dL/d(parameters) left in the network's gradients. */
    INDArray backward() {
      net.zeroGradients();
      return net.forward(x, mode, new Rng(7)).backward(r);
    }
  }

  private static Setup setup(List<Layer> layers, long[] inputShape, int batch, Mode mode) {
    Rng rng = new Rng(42);
    Network net = GradientCheck.perturbedNetwork(layers, inputShape, rng);
    INDArray x = GradientCheck.gaussianBatch(rng, batch, inputShape);
    for (int i = 0; i < 3; i++) {
      net.forward(x, Mode.TRAIN, new Rng(7)); // power iterations, batch-norm running statistics
    }
    INDArray r = rng.gaussian(DataType.DOUBLE, 0, 1, net.forward(x, mode, new Rng(7)).output().shape());
    return new Setup(net, x, r, mode);
  }

  private static void check(List<Layer> layers, long[] inputShape, int batch, Mode mode) {
    check(layers, inputShape, batch, mode, TOLERANCE);
  }

  private static void check(List<Layer> layers, long[] inputShape, int batch, Mode mode, double tolerance) {
    Setup s = setup(layers, inputShape, batch, mode);
    INDArray dx = s.backward();
    INDArray parameterGradients = s.net().gradients().dup();
    DoubleSupplier loss = s::loss;
    GradientCheck.assertBelow(tolerance, GradientCheck.maxRelativeError(s.net().parameters(), parameterGradients,
        loss, 1), "parameters of " + s.net().describe());
    GradientCheck.assertBelow(tolerance, GradientCheck.maxRelativeError(s.x(), dx, loss, 1),
        "input of " + s.net().describe());
  }

  @Test
  void spectrallyNormalisedDenseLayers() {
    check(List.of(SpectralNorm.of(Dense.withBias(4)), Activation.relu(), SpectralNorm.of(Dense.withBias(3))),
        new long[] {5}, 4, Mode.EVAL);
  }

  @Test
  void spectrallyNormalisedConvolutions() {
    check(List.of(SpectralNorm.of(new Conv2d(3, 3, 2, 1, true)), Activation.leakyRelu(0.2),
        SpectralNorm.of(new Conv2d(2, 3, 1, 1, false)), new Reshape(2 * 4 * 4)), new long[] {2, 7, 7}, 3, Mode.EVAL);
  }

  /**
   * Negative control: the gradient without spectral norm's projection term, G/σ alone (what treating σ as a
   * constant would give), fails the same check, so the check sees that term.
   */
  @Test
  void droppingTheProjectionTermFailsTheCheck() {
    Setup s = setup(List.of(SpectralNorm.of(Dense.withoutBias(4))), new long[] {5}, 6, Mode.EVAL);
    INDArray weight = s.net().namedParameters().get("0.sndense.weight");
    INDArray normalised = s.net().forward(Nd4j.eye(5).castTo(DataType.DOUBLE), Mode.EVAL, new Rng(0)).output();
    double sigma = weight.getDouble(0) / normalised.getDouble(0);
    INDArray withoutProjection = s.x().transpose().mmul(s.r()).divi(sigma); // dL/dW̄ = xᵀR, over σ
    s.backward();
    INDArray exact = s.net().gradients().dup();
    DoubleSupplier loss = s::loss;
    GradientCheck.assertBelow(TOLERANCE, GradientCheck.maxRelativeError(weight, exact, loss, 1), "exact");
    double error = GradientCheck.maxRelativeError(weight, withoutProjection, loss, 1);
    assertTrue(error > 1e-2, "the gradient without the projection term passed with error " + error);
  }

  @Test
  void generatorBlockWithBatchNorm() {
    check(List.of(ResidualBlock.generatorUp(4)), new long[] {3, 4, 4}, 3, Mode.TRAIN);
  }

  @Test
  void discriminatorFirstBlock() {
    check(List.of(ResidualBlock.discriminatorFirst(4, false)), new long[] {3, 6, 6}, 2, Mode.TRAIN);
    check(List.of(ResidualBlock.discriminatorFirst(4, true)), new long[] {3, 6, 6}, 2, Mode.EVAL);
  }

  @Test
  void discriminatorBlockWithLearnedShortcut() {
    check(List.of(ResidualBlock.discriminator(3, 4, true, false)), new long[] {3, 4, 4}, 2, Mode.TRAIN);
    check(List.of(ResidualBlock.discriminator(3, 4, true, true)), new long[] {3, 4, 4}, 2, Mode.EVAL);
    check(List.of(ResidualBlock.discriminator(3, 4, false, true)), new long[] {3, 4, 4}, 2, Mode.EVAL);
  }

  @Test
  void discriminatorBlockWithIdentityShortcut() {
    check(List.of(ResidualBlock.discriminator(3, 3, false, false)), new long[] {3, 4, 4}, 2, Mode.TRAIN);
  }

  @Test
  void sumPoolingAndPoolingLayers() {
    check(List.of(new Upsample2d(), new Conv2d(3, 3, 1, 1, true), new AvgPool2d(), Activation.relu(),
        new SumPool(), Dense.withBias(2)), new long[] {2, 4, 4}, 3, Mode.TRAIN);
  }

  /**
   * The whole critic at 1e-4: some weight-gradient elements here are of order 1e-7 next to gradient norms of order
   * 1, and central differences with step 1e-6 carry a rounding error of about 1e-16·|L|/1e-6 ≈ 3e-11 (measured:
   * 4e-5 relative on such an element at step 1e-6, 3e-6 at step 1e-5).
   */
  @Test
  void resNetCritic() {
    check(critic(true), new long[] {3, 8, 8}, 2, Mode.EVAL, 1e-4);
  }

  /**
   * The passes that skip work agree with the full one: a network's own update (PARAMETERS_ONLY at its lowest
   * layer, here a block, whose first sub-layers then skip their input gradient) adds the same parameter gradients,
   * and the input gradient alone (D inside G's update) equals the full one and adds none.
   */
  @Test
  void parameterOnlyAndInputOnlyPassesAgreeWithTheFullBackwardPass() {
    // EVAL for spectral norm: each TRAIN pass moves u, so two TRAIN passes would differ by a power iteration.
    assertCheapPassesAgree(setup(critic(true), new long[] {3, 8, 8}, 3, Mode.EVAL));
    assertCheapPassesAgree(setup(List.of(ResidualBlock.generatorUp(3), new Reshape(3 * 8 * 8), Dense.withBias(1)),
        new long[] {2, 4, 4}, 3, Mode.TRAIN));
  }

  private static void assertCheapPassesAgree(Setup s) {
    INDArray fullInputGradient = s.backward();
    INDArray fullParameterGradients = s.net().gradients().dup();
    s.net().zeroGradients();
    s.net().forward(s.x(), s.mode(), new Rng(7)).backwardParameters(s.r());
    assertTrue(s.net().gradients().equalsWithEps(fullParameterGradients, 1e-12), "parameter-only pass");
    s.net().zeroGradients();
    INDArray inputGradient = s.net().forward(s.x(), s.mode(), new Rng(7)).inputGradient(s.r());
    assertTrue(inputGradient.equalsWithEps(fullInputGradient, 1e-12), "input-only pass");
    assertTrue(s.net().gradients().amaxNumber().doubleValue() == 0, "input-only pass added parameter gradients");
  }

  /**
   * Training runs in float, where other code paths run (batch norm's Java kernel, single-precision BLAS on weight
   * views): the float gradients must match the checked float64 ones to float precision.
   */
  @Test
  void floatGradientsMatchTheCheckedDoubleOnes() {
    assertFloatMatchesDouble(critic(true), critic(true), new long[] {3, 8, 8}, Mode.EVAL);
    assertFloatMatchesDouble(List.of(ResidualBlock.generatorUp(4)), List.of(ResidualBlock.generatorUp(4)),
        new long[] {3, 4, 4}, Mode.TRAIN);
  }

  private static void assertFloatMatchesDouble(List<Layer> doubleLayers, List<Layer> floatLayers, long[] inputShape,
      Mode mode) {
    Setup d = setup(doubleLayers, inputShape, 4, mode);
    Network single = Network.build("float", inputShape, floatLayers, DataType.FLOAT, new Rng(0));
    single.parameters().assign(d.net().parameters());
    single.buffers().assign(d.net().buffers());
    INDArray dx = d.backward();
    single.zeroGradients();
    INDArray floatDx = single.forward(d.x().castTo(DataType.FLOAT), mode, new Rng(7))
        .backward(d.r().castTo(DataType.FLOAT));
    assertRelativeDifferenceBelow(1e-4, d.net().gradients(), single.gradients(), "parameter gradients");
    assertRelativeDifferenceBelow(1e-4, dx, floatDx, "input gradient");
  }

  private static void assertRelativeDifferenceBelow(double tolerance, INDArray exact, INDArray single, String what) {
    double difference = exact.sub(single.castTo(DataType.DOUBLE)).norm2Number().doubleValue()
        / exact.norm2Number().doubleValue();
    assertTrue(difference < tolerance, what + ": float differs by " + difference);
  }

  /** The SNGAN critic in miniature: optimized block, downsampling block, plain block, ReLU, sum, linear. */
  static List<Layer> critic(boolean spectralNorm) {
    return List.of(ResidualBlock.discriminatorFirst(4, spectralNorm),
        ResidualBlock.discriminator(4, 5, true, spectralNorm), ResidualBlock.discriminator(5, 5, false, spectralNorm),
        Activation.relu(), new SumPool(),
        spectralNorm ? SpectralNorm.of(Dense.withBias(1)) : Dense.withBias(1));
  }
}
