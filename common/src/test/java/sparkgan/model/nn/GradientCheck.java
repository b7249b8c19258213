package sparkgan.model.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Central finite differences in float64 against analytic gradients: the reference every backward rule is tested
 * against. Relative error |a - n| / max(|a| + |n|, floor), the usual gradient-check measure.
 */
final class GradientCheck {
  static final double STEP = 1e-6;
  static final double FLOOR = 1e-8;

  private GradientCheck() {}

  /**
   * Compares {@code analytic} with numerical derivatives of {@code loss} with respect to {@code values}, at every
   * {@code stride}-th element (all elements for stride 1).
   */
  static double maxRelativeError(INDArray values, INDArray analytic, DoubleSupplier loss, int stride) {
    double worst = 0;
    for (long i = 0; i < values.length(); i += stride) {
      double original = values.getDouble(i);
      values.putScalar(i, original + STEP);
      double plus = loss.getAsDouble();
      values.putScalar(i, original - STEP);
      double minus = loss.getAsDouble();
      values.putScalar(i, original);
      double numeric = (plus - minus) / (2 * STEP);
      double exact = analytic.getDouble(i);
      double error = Math.abs(exact - numeric) / Math.max(Math.abs(exact) + Math.abs(numeric), FLOOR);
      worst = Math.max(worst, error);
    }
    return worst;
  }

  static void assertBelow(double tolerance, double error, String what) {
    assertTrue(error >= 0 && error < tolerance, what + ": max relative error " + error + " not below " + tolerance);
  }

  /**
   * A float64 network of {@code layers} whose parameters are perturbed from their initial values, so that biases and
   * batch-norm scales and shifts are not at symmetric points where a wrong gradient could vanish.
   */
  static Network perturbedNetwork(List<Layer> layers, long[] inputShape, Rng rng) {
    Network net = Network.build("net", inputShape, layers, DataType.DOUBLE, rng);
    net.parameters().addi(rng.gaussian(DataType.DOUBLE, 0, 0.1, net.parameters().length()));
    return net;
  }

  /** Standard normal float64 inputs [batch, ...inputShape]. */
  static INDArray gaussianBatch(Rng rng, int batch, long[] inputShape) {
    long[] batched = new long[inputShape.length + 1];
    batched[0] = batch;
    System.arraycopy(inputShape, 0, batched, 1, inputShape.length);
    return rng.gaussian(DataType.DOUBLE, 0, 1, batched);
  }
}
