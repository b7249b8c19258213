package sparkgan.model.nn;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * WGAN-GP's penalty P = mean_i (||dD(x_i)/dx_i|| - 1)^2 (Gulrajani et al. 2017) differentiated with respect to the
 * critic's weights by {@link Activations.InputGradient#backward}, against central finite differences of P, on a
 * small convolutional critic in float64.
 */
class GradientPenaltyGradientTest {

  /** P and, when {@code accumulate}, its analytic gradient added to the network's gradients. */
  static double penalty(Network critic, INDArray x, boolean accumulate) {
    Activations activations = critic.forward(x, Mode.TRAIN, new Rng(0));
    long batch = x.size(0);
    Activations.InputGradient gradient = activations.differentiableInputGradient(
        Nd4j.ones(x.dataType(), batch, 1));
    INDArray g = gradient.value().reshape(batch, -1);
    INDArray norms = g.norm2(1).reshape(batch, 1);
    double p = norms.sub(1).muli(norms.sub(1)).sumNumber().doubleValue() / batch;
    if (accumulate) {
      // dP/dg_i = 2 (n_i - 1) g_i / (n_i B)
      INDArray scale = norms.sub(1).muli(2.0 / batch).divi(norms);
      gradient.backward(g.mulColumnVector(scale).reshape(x.shape()));
    }
    return p;
  }

  @Test
  void penaltyGradientMatchesFiniteDifferencesOnAConvolutionalCritic() {
    Rng rng = new Rng(11);
    Network critic = Network.build("critic", new long[] {2, 8, 8}, List.of(
        new Conv2d(3, 4, 2, 1, true), Activation.leakyRelu(0.2),
        new Conv2d(4, 4, 2, 1, true), Activation.leakyRelu(0.2),
        new Conv2d(1, 2, 1, 0, true), new Reshape(1),
        Dense.withBias(1)), DataType.DOUBLE, rng);
    critic.parameters().muli(8); // weights of order 0.1: input gradients of order 1, so the penalty is not flat
    INDArray x = rng.gaussian(DataType.DOUBLE, 0, 1, 3, 2, 8, 8);

    critic.zeroGradients();
    penalty(critic, x, true);
    INDArray analytic = critic.gradients().dup();

    double error = GradientCheck.maxRelativeError(critic.parameters(), analytic, () -> penalty(critic, x, false), 1);
    GradientCheck.assertBelow(1e-4, error, "gradient-penalty weight gradient");
  }

  @Test
  void penaltyGradientOfADenseCritic() {
    Rng rng = new Rng(12);
    Network critic = Network.build("critic", new long[] {2}, List.of(Dense.withBias(16), Activation.leakyRelu(0.2),
        Dense.withBias(16), Activation.relu(), Dense.withBias(1)), DataType.DOUBLE, rng);
    INDArray x = rng.gaussian(DataType.DOUBLE, 0, 1, 5, 2);
    critic.zeroGradients();
    penalty(critic, x, true);
    INDArray analytic = critic.gradients().dup();
    GradientCheck.assertBelow(1e-4, GradientCheck.maxRelativeError(critic.parameters(), analytic,
        () -> penalty(critic, x, false), 1), "dense critic");
  }
}
