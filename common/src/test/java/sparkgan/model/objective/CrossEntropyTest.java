package sparkgan.model.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import sparkgan.model.nn.Activation;
import sparkgan.model.nn.Activations;
import sparkgan.model.nn.Dense;
import sparkgan.model.nn.Mode;
import sparkgan.model.nn.Network;
import sparkgan.model.nn.Rng;

/** Softmax cross-entropy: closed-form answers, stability at huge logits, and D's gradient by finite differences. */
class CrossEntropyTest {
  private static final double EXACT = 1e-12;

  /** Equal logits: softmax is 1/K everywhere, so L = ln K and dL/dz = (1/K - onehot) / N. */
  @Test
  void equalLogitsGiveLnKAndUniformGradients() {
    CrossEntropy loss = CrossEntropy.of(Nd4j.zeros(DataType.DOUBLE, 2, 4), new int[] {1, 3});
    assertEquals(Math.log(4), loss.value(), EXACT);
    double[][] expected = {{0.125, 0.125 - 0.5, 0.125, 0.125}, {0.125, 0.125, 0.125, 0.125 - 0.5}};
    for (int i = 0; i < 2; i++) {
      for (int k = 0; k < 4; k++) {
        assertEquals(expected[i][k], loss.gradient().getDouble(i, k), EXACT, "dL/dz[" + i + "][" + k + "]");
      }
    }
    assertEquals(0, loss.correct(), "ties go to the first class, which neither label is");
  }

  /**
   * z = (1000, 0, -1000): a naive exp overflows. Label 0: L = ln(1 + e^-1000 + e^-2000), 0 in float64. Label 2:
   * L = 2000 + ln(1 + ...), 2000. Also z = (ln 3, 0): softmax (3/4, 1/4), label 1 costs ln 4.
   */
  @Test
  void hugeLogitsStayFiniteAndExact() {
    INDArray z = Nd4j.createFromArray(new double[][] {{1000, 0, -1000}, {1000, 0, -1000}});
    CrossEntropy loss = CrossEntropy.of(z, new int[] {0, 2});
    assertEquals((0 + 2000) / 2.0, loss.value(), EXACT);
    assertEquals(1, loss.correct());
    assertEquals(-0.5, loss.gradient().getDouble(1, 2), EXACT);
    assertEquals(0.5, loss.gradient().getDouble(1, 0), EXACT);
    CrossEntropy small = CrossEntropy.of(Nd4j.createFromArray(new double[][] {{Math.log(3), 0}}), new int[] {1});
    assertEquals(Math.log(4), small.value(), EXACT);
    assertEquals(0.75, small.gradient().getDouble(0, 0), EXACT);
    assertEquals(-0.75, small.gradient().getDouble(0, 1), EXACT);
  }

  @Test
  void labelsOutOfRangeOrOfTheWrongCountAreRefused() {
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> CrossEntropy.of(Nd4j.zeros(DataType.DOUBLE, 1, 3), new int[] {3}));
    assertEquals("label 0 must be in [0, 3), got 3", range.getMessage());
    IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
        () -> CrossEntropy.of(Nd4j.zeros(DataType.DOUBLE, 2, 3), new int[] {0}));
    assertTrue(count.getMessage().startsWith("logits must be [1, classes] for 1 labels, got [2, 3]"),
        count.getMessage());
  }

  /**
   * dL/dθ for a tiny MLP classifier D (2 inputs, 5 hidden, 4 classes) in float64: D's backward pass from
   * {@link CrossEntropy#gradient()} against central differences of {@link CrossEntropy#value()} in every parameter.
   */
  @Test
  void discriminatorGradientMatchesFiniteDifferences() {
    Network d = Network.build("d", new long[] {2},
        List.of(Dense.withBias(5), Activation.leakyRelu(0.2), Dense.withBias(4)), DataType.DOUBLE, new Rng(5));
    Rng data = new Rng(9);
    INDArray x = data.gaussian(DataType.DOUBLE, 0, 1, 6, 2);
    int[] labels = {0, 3, 1, 2, 3, 0};
    d.zeroGradients();
    Activations out = d.forward(x, Mode.TRAIN, new Rng(0));
    CrossEntropy loss = CrossEntropy.of(out.output(), labels);
    out.backwardParameters(loss.gradient());
    INDArray analytic = d.gradients().dup();
    INDArray theta = d.parameters();
    double step = 1e-6;
    double worst = 0;
    for (long i = 0; i < theta.length(); i++) {
      double original = theta.getDouble(i);
      theta.putScalar(i, original + step);
      double plus = CrossEntropy.of(d.forward(x, Mode.TRAIN, new Rng(0)).output(), labels).value();
      theta.putScalar(i, original - step);
      double minus = CrossEntropy.of(d.forward(x, Mode.TRAIN, new Rng(0)).output(), labels).value();
      theta.putScalar(i, original);
      double numeric = (plus - minus) / (2 * step);
      double exact = analytic.getDouble(i);
      worst = Math.max(worst, Math.abs(exact - numeric) / Math.max(Math.abs(exact) + Math.abs(numeric), 1e-6));
    }
    assertTrue(worst < 1e-5, "max relative error " + worst);
    assertTrue(analytic.amaxNumber().doubleValue() > 1e-3, "a gradient worth checking");
    // Negative control: the gradient of the wrong labels is not the same vector.
    d.zeroGradients();
    Activations again = d.forward(x, Mode.TRAIN, new Rng(0));
    again.backwardParameters(CrossEntropy.of(again.output(), new int[] {1, 2, 3, 0, 1, 2}).gradient());
    assertTrue(d.gradients().sub(analytic).amaxNumber().doubleValue() > 1e-3);
  }
}
