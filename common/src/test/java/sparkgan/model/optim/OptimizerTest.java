package sparkgan.model.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import sparkgan.model.nn.Dense;
import sparkgan.model.nn.Network;
import sparkgan.model.nn.Rng;

/** Two update steps of each optimizer on one parameter (p = 1, gradient 0.5, lr 0.1), against PyTorch's rules by hand. */
class OptimizerTest {
  private static double twoSteps(OptimizerSettings settings) {
    Network net = Network.build("p", new long[] {1}, List.of(Dense.withoutBias(1)), DataType.DOUBLE, new Rng(0));
    net.parameters().assign(1.0);
    Optimizer optimizer = Optimizer.create(settings, net);
    for (int i = 0; i < 2; i++) {
      net.gradients().assign(0.5);
      optimizer.step();
    }
    assertEquals(2, optimizer.steps());
    return net.parameters().getDouble(0);
  }

  private static OptimizerSettings settings(OptimizerSettings.Type type, double momentum) {
    return new OptimizerSettings(type, 0.1, 0.5, 0.999, 0.99, momentum, 1e-8, "optimizer.generator");
  }

  @Test
  void adamBiasCorrectsSoEachStepMovesByLrTimesTheSign() {
    // Constant g: m_hat = g and v_hat = g^2 at every t, so each step is lr * g / (|g| + eps) = 0.1 * 0.5 / 0.50000001.
    double step = 0.1 * 0.5 / (0.5 + 1e-8);
    assertEquals(1 - 2 * step, twoSteps(settings(OptimizerSettings.Type.ADAM, 0)), 1e-15);
  }

  @Test
  void rmspropDividesByTheRootOfTheSquaredGradientAverage() {
    // v1 = 0.01 * 0.25 = 0.0025: p1 = 1 - 0.1 * 0.5 / (0.05 + 1e-8).
    // v2 = 0.99 * 0.0025 + 0.0025 = 0.004975: p2 = p1 - 0.1 * 0.5 / (sqrt(0.004975) + 1e-8).
    double p1 = 1 - 0.05 / (0.05 + 1e-8);
    double p2 = p1 - 0.05 / (Math.sqrt(0.004975) + 1e-8);
    assertEquals(p2, twoSteps(settings(OptimizerSettings.Type.RMSPROP, 0)), 1e-12);
  }

  @Test
  void sgdWithAndWithoutMomentum() {
    assertEquals(1 - 2 * 0.05, twoSteps(settings(OptimizerSettings.Type.SGD, 0)), 1e-15);
    // b1 = g = 0.5, p1 = 0.95; b2 = 0.9 * 0.5 + 0.5 = 0.95, p2 = 0.95 - 0.095 = 0.855.
    assertEquals(0.855, twoSteps(settings(OptimizerSettings.Type.SGD, 0.9)), 1e-15);
  }

  @Test
  void stateNamesTheMomentsAndTheStepCounter() {
    Network net = Network.build("p", new long[] {1}, List.of(Dense.withoutBias(3)), DataType.FLOAT, new Rng(0));
    assertEquals(List.of("adam.m", "adam.v", "adam.steps"),
        List.copyOf(Optimizer.create(settings(OptimizerSettings.Type.ADAM, 0), net).state().keySet()));
  }
}
