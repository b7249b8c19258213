package sparkgan.model.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * WGAN-GP with a ResNet critic: the penalty P = mean_i (‖dD(x_i)/dx_i‖ - 1)² differentiated with respect to the
 * critic's parameters through the residual blocks' second-order rules, against central finite differences of P in
 * float64, as {@link GradientPenaltyGradientTest} does for plain critics. Spectral norm is checked in EVAL mode
 * (u fixed), the plain critic in TRAIN mode.
 */
class ResNetGradientPenaltyTest {

  static double penalty(Network critic, INDArray x, Mode mode, boolean accumulate) {
    Activations activations = critic.forward(x, mode, new Rng(0));
    long batch = x.size(0);
    Activations.InputGradient gradient = activations.differentiableInputGradient(Nd4j.ones(x.dataType(), batch, 1));
    INDArray g = gradient.value().reshape(batch, -1);
    INDArray norms = g.norm2(1).reshape(batch, 1);
    double p = norms.sub(1).muli(norms.sub(1)).sumNumber().doubleValue() / batch;
    if (accumulate) {
      gradient.backward(g.mulColumnVector(norms.sub(1).muli(2.0 / batch).divi(norms)).reshape(x.shape()));
    }
    return p;
  }

  private static double penaltyGradientError(boolean spectralNorm, Mode mode) {
    Rng rng = new Rng(21);
    Network critic = Network.build("critic", new long[] {3, 8, 8}, ResNetLayersGradientTest.critic(spectralNorm),
        DataType.DOUBLE, rng);
    INDArray x = rng.gaussian(DataType.DOUBLE, 0, 1, 3, 3, 8, 8);
    critic.forward(x, Mode.TRAIN, new Rng(0)); // one power iteration off the random u
    critic.zeroGradients();
    double p = penalty(critic, x, mode, true);
    assertTrue(p > 0.01, "a flat penalty (" + p + ") would make the check weak");
    INDArray analytic = critic.gradients().dup();
    return GradientCheck.maxRelativeError(critic.parameters(), analytic, () -> penalty(critic, x, mode, false), 1);
  }

  @Test
  void penaltyGradientThroughSpectrallyNormalisedResidualBlocks() {
    GradientCheck.assertBelow(1e-4, penaltyGradientError(true, Mode.EVAL), "SN ResNet critic");
  }

  @Test
  void penaltyGradientThroughPlainResidualBlocks() {
    GradientCheck.assertBelow(1e-4, penaltyGradientError(false, Mode.TRAIN), "ResNet critic");
  }

  @Test
  void theGeneratorBlockHasNoSecondOrderRule() {
    Network g = Network.build("g", new long[] {2, 2, 2}, List.of(ResidualBlock.generatorUp(2), new Reshape(32),
        Dense.withBias(1)), DataType.DOUBLE, new Rng(1));
    INDArray x = new Rng(2).gaussian(DataType.DOUBLE, 0, 1, 2, 2, 2, 2);
    Activations.InputGradient gradient = g.forward(x, Mode.TRAIN, new Rng(0))
        .differentiableInputGradient(Nd4j.ones(DataType.DOUBLE, 2, 1));
    assertThrows(UnsupportedOperationException.class, () -> gradient.backward(x));
  }

  @Test
  void aBlocksSecondOrderPassNeedsItsOwnBackwardPassFirst() {
    Network d = Network.build("d", new long[] {2, 4, 4}, List.of(ResidualBlock.discriminator(2, 2, false, true)),
        DataType.DOUBLE, new Rng(1));
    INDArray x = new Rng(2).gaussian(DataType.DOUBLE, 0, 1, 2, 2, 4, 4);
    Layer.Frame frame = d.layers().get(0).forward(x, Mode.TRAIN, new Rng(0));
    INDArray dy = Nd4j.onesLike(frame.output());
    frame.backward(dy, Layer.Backprop.INPUT_ONLY);
    assertThrows(IllegalStateException.class, () -> frame.doubleBackward(dy.dup(), x));
  }
}
