package sparkgan.model.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import sparkgan.model.nn.Activation;
import sparkgan.model.nn.Activations;
import sparkgan.model.nn.Dense;
import sparkgan.model.nn.Mode;
import sparkgan.model.nn.Network;
import sparkgan.model.nn.Rng;

/**
 * Known answers for every objective: losses and gradients at fixed float64 logits, compared with values derived in
 * closed form by hand (the derivation sits next to each number), and every gradient compared again with a central
 * finite difference of the objective's own loss, so that a loss and a gradient that are wrong in the same way
 * still disagree with one of the two references.
 *
 * <p>Notation: B = 3 is the batch size, s(x) = 1 / (1 + e^-x) the sigmoid, sp(x) = ln(1 + e^x) the softplus, and
 * sp(x) - sp(-x) = x. Digits quoted below are the correctly rounded values of these closed forms (evaluated at 50
 * digits); the tolerance is 1e-12 either side.
 */
class ObjectiveTest {
  private static final double EXACT = 1e-12;
  private static final double FD_STEP = 1e-6;
  private static final double FD_RELATIVE = 1e-6;
  /**
   * Scale below which the finite-difference check is absolute (1e-10): a zero gradient (an inactive hinge) has a
   * numerical derivative of 0 plus rounding noise of order 1e-16 / 1e-6, and no relative measure holds at 0.
   */
  private static final double FD_FLOOR = 1e-4;

  private static final double SMOOTHED = 0.9;

  /**
   * Discriminator outputs on the real batch: r = (1, -2, 0.5). For the hinge r = 1 sits exactly on the margin,
   * where the loss has a kink, so the hinge uses {@link #hingeReal()} instead.
   */
  private static INDArray real() {
    return column(1.0, -2.0, 0.5);
  }

  /** Discriminator outputs on the generated batch: f = (-1.5, 0.25, 1). */
  private static INDArray fake() {
    return column(-1.5, 0.25, 1.0);
  }

  /** Real outputs away from the hinge's kink at 1: one beyond the margin (1.5), two inside it. */
  private static INDArray hingeReal() {
    return column(1.5, -2.0, 0.5);
  }

  private static INDArray column(double... values) {
    double[][] rows = new double[values.length][];
    for (int i = 0; i < values.length; i++) {
      rows[i] = new double[] {values[i]};
    }
    return Nd4j.createFromArray(rows);
  }

  // ---------------------------------------------------------------------------------------------------- BCE (D)

  /**
   * D's BCE loss at target t = 1, shared by minimax and non-saturating: mean sp(-r) + mean sp(f).
   * sp(-1) = 0.31326168751822283, sp(2) = 2.1269280110429725, sp(-0.5) = 0.47407698418010668: mean 0.97142222758043;
   * sp(-1.5) = 0.20141327798275241, sp(0.25) = 0.82593941987884356, sp(1) = 1.3132616875182228: mean
   * 0.7802047951266062. Sum 1.7516270227070403.
   */
  private static final double BCE_VALUE = 1.7516270227070403;
  /** d/dr = (s(r) - 1) / B: s(1) = 0.73105857863000488, s(-2) = 0.11920292202211756, s(0.5) = 0.62245933120185456. */
  private static final double[] BCE_REAL_GRADIENT = {-0.08964714045666504, -0.2935990259926275, -0.1258468895993818};
  /** d/df = s(f) / B: s(-1.5) = 0.18242552380635634, s(0.25) = 0.5621765008857981, s(1) = 0.73105857863000488. */
  private static final double[] BCE_FAKE_GRADIENT = {0.060808507935452116, 0.1873921669619327, 0.2436861928766683};

  @ParameterizedTest(name = "{0}")
  @MethodSource("bceObjectives")
  void bceDiscriminatorKnownAnswer(Objective objective) {
    Objective.DiscriminatorLoss loss = objective.discriminator(real(), fake(), 1.0);
    assertEquals(BCE_VALUE, loss.value(), EXACT);
    assertValues(BCE_REAL_GRADIENT, loss.realGradient());
    assertValues(BCE_FAKE_GRADIENT, loss.fakeGradient());
  }

  /**
   * Smoothing the real target to t = 0.9 changes only the real term: t sp(-r) + (1 - t) sp(r) = sp(-r) + (1 - t) r,
   * so D moves by (1 - t) mean(r) = 0.1 * (-0.5 / 3) = -0.016666666666666667, to 1.7349603560403737; d/dr =
   * (s(r) - 0.9) / B; the fake gradient and the generator's loss do not involve t at all.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("bceObjectives")
  void bceLabelSmoothingChangesOnlyTheRealTerm(Objective objective) {
    Objective.DiscriminatorLoss plain = objective.discriminator(real(), fake(), 1.0);
    double generatorBefore = objective.generator(fake()).value();
    Objective.DiscriminatorLoss smoothed = objective.discriminator(real(), fake(), SMOOTHED);

    assertEquals(1.7349603560403737, smoothed.value(), EXACT);
    assertEquals(-0.016666666666666667, smoothed.value() - plain.value(), EXACT);
    // (s(r) - 0.9) / 3 with the sigmoids above: (0.73105857863000488 - 0.9) / 3 = -0.056313807123331706, etc.
    assertValues(new double[] {-0.056313807123331706, -0.26026569265929417, -0.09251355626604847},
        smoothed.realGradient());
    assertArrayEquals(values(plain.fakeGradient()), values(smoothed.fakeGradient()), 0.0, "fake gradient");
    assertEquals(generatorBefore, objective.generator(fake()).value(), 0.0, "generator loss");
  }

  // ------------------------------------------------------------------------------------------------ generators

  /**
   * Minimax G minimises ln(1 - s(f)) = -sp(f): -mean sp(f) = -0.7802047951266062 (the sp(f) above); d/df = -s(f) /
   * B, the negated BCE fake gradient.
   */
  @Test
  void minimaxGeneratorKnownAnswer() {
    Objective.Loss loss = new Minimax().generator(fake());
    assertEquals(-0.7802047951266062, loss.value(), EXACT);
    assertValues(new double[] {-0.060808507935452116, -0.1873921669619327, -0.2436861928766683}, loss.gradient());
  }

  /**
   * Non-saturating G minimises -ln s(f) = sp(-f): sp(1.5) = 1.7014132779827524, sp(-0.25) = 0.57593941987884356,
   * sp(-1) = 0.31326168751822283; mean 0.8635381284599396. d/df = -s(-f) / B = (s(f) - 1) / B.
   */
  @Test
  void nonSaturatingGeneratorKnownAnswer() {
    Objective.Loss loss = new NonSaturating().generator(fake());
    assertEquals(0.8635381284599396, loss.value(), EXACT);
    // (0.18242552380635634 - 1) / 3, (0.5621765008857981 - 1) / 3, (0.73105857863000488 - 1) / 3
    assertValues(new double[] {-0.2725248253978812, -0.14594116637140064, -0.08964714045666504}, loss.gradient());
  }

  /** One logit f = 1: ln(1 + e^-1) = 0.313261687518222834..., gradient s(1) - 1 = -0.2689414213699951 (B = 1). */
  @Test
  void nonSaturatingGeneratorAtOneLogit() {
    Objective.Loss loss = new NonSaturating().generator(column(1.0));
    assertEquals(0.3132616875182228, loss.value(), EXACT);
    assertValues(new double[] {-0.2689414213699951}, loss.gradient());
  }

  /** Hinge and Wasserstein G: -mean f = -(-1.5 + 0.25 + 1) / 3 = 0.25 / 3 = 0.08333333333333333; d/df = -1/3. */
  @Test
  void negativeMeanGeneratorsKnownAnswer() {
    for (Objective objective : List.of(new Hinge(), new Wasserstein())) {
      Objective.Loss loss = objective.generator(fake());
      assertEquals(0.08333333333333333, loss.value(), EXACT, objective.toString());
      assertValues(new double[] {-1.0 / 3, -1.0 / 3, -1.0 / 3}, loss.gradient());
    }
  }

  // ----------------------------------------------------------------------------------------- hinge, Wasserstein

  /**
   * Hinge D at r = (1.5, -2, 0.5), f = (-1.5, 0.25, 1): mean relu(1 - r) = (0 + 3 + 0.5) / 3, mean relu(1 + f) =
   * (0 + 1.25 + 2) / 3; total 6.75 / 3 = 2.25. d/dr = -[r &lt; 1] / B = (0, -1/3, -1/3); d/df = [f &gt; -1] / B =
   * (0, 1/3, 1/3).
   */
  @Test
  void hingeDiscriminatorKnownAnswer() {
    Objective.DiscriminatorLoss loss = new Hinge().discriminator(hingeReal(), fake(), 1.0);
    assertEquals(2.25, loss.value(), EXACT);
    assertValues(new double[] {0, -1.0 / 3, -1.0 / 3}, loss.realGradient());
    assertValues(new double[] {0, 1.0 / 3, 1.0 / 3}, loss.fakeGradient());
  }

  /**
   * At the margin r = 1 the hinge has no derivative; the objective takes the one from above, 0 (the sample
   * already counts as classified). Value: mean relu(1 - (1, -2, 0.5)) = 3.5 / 3, plus 3.25 / 3 from f.
   */
  @Test
  void hingeTakesTheZeroSubgradientOnTheMargin() {
    Objective.DiscriminatorLoss loss = new Hinge().discriminator(real(), fake(), 1.0);
    assertEquals(6.75 / 3, loss.value(), EXACT);
    assertValues(new double[] {0, -1.0 / 3, -1.0 / 3}, loss.realGradient());
  }

  /** Wasserstein critic: mean f - mean r = -0.25 / 3 - (-0.5 / 3) = 0.08333333333333333; d/dr = -1/3, d/df = 1/3. */
  @Test
  void wassersteinDiscriminatorKnownAnswer() {
    Objective.DiscriminatorLoss loss = new Wasserstein().discriminator(real(), fake(), 1.0);
    assertEquals(0.08333333333333333, loss.value(), EXACT);
    assertValues(new double[] {-1.0 / 3, -1.0 / 3, -1.0 / 3}, loss.realGradient());
    assertValues(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, loss.fakeGradient());
  }

  /** Neither has targets, so a smoothed label must change nothing. */
  @Test
  void hingeAndWassersteinHaveNoTargets() {
    for (Objective objective : List.of(new Hinge(), new Wasserstein())) {
      assertFalse(objective.hasTargets(), objective.toString());
      Objective.DiscriminatorLoss plain = objective.discriminator(hingeReal(), fake(), 1.0);
      Objective.DiscriminatorLoss smoothed = objective.discriminator(hingeReal(), fake(), SMOOTHED);
      assertEquals(plain.value(), smoothed.value(), 0.0, objective.toString());
      assertArrayEquals(values(plain.realGradient()), values(smoothed.realGradient()), 0.0);
      assertArrayEquals(values(plain.fakeGradient()), values(smoothed.fakeGradient()), 0.0);
    }
    for (Objective objective : List.of(new Minimax(), new NonSaturating(), new LeastSquares())) {
      assertTrue(objective.hasTargets(), objective.toString());
    }
  }

  // ------------------------------------------------------------------------------------------- least squares

  /**
   * LSGAN D at t = 1: mean (r - 1)^2 / 2 = (0 + 9 + 0.25) / 6, mean f^2 / 2 = (2.25 + 0.0625 + 1) / 6; total
   * (9.25 + 3.3125) / 6 = 2.09375. d/dr = (r - 1) / B = (0, -1, -1/6); d/df = f / B = (-0.5, 1/12, 1/3).
   */
  @Test
  void leastSquaresDiscriminatorKnownAnswer() {
    Objective.DiscriminatorLoss loss = new LeastSquares().discriminator(real(), fake(), 1.0);
    assertEquals(2.09375, loss.value(), EXACT);
    assertValues(new double[] {0, -1, -1.0 / 6}, loss.realGradient());
    assertValues(new double[] {-0.5, 1.0 / 12, 1.0 / 3}, loss.fakeGradient());
  }

  /**
   * At t = 0.9 the real term becomes mean (r - 0.9)^2 / 2 = (0.01 + 8.41 + 0.16) / 6 = 1.43, so D = 1.43 +
   * 3.3125 / 6 = 1.9820833333333334, a change of mean((1 - t)(2r - 1 - t)) / 2 = 0.05 (2 (-1/6) - 1.9) =
   * -0.11166666666666667. d/dr = (r - 0.9) / B = (0.1, -2.9, -0.4) / 3; d/df and G unchanged.
   */
  @Test
  void leastSquaresLabelSmoothingChangesOnlyTheRealTerm() {
    LeastSquares objective = new LeastSquares();
    Objective.DiscriminatorLoss plain = objective.discriminator(real(), fake(), 1.0);
    double generatorBefore = objective.generator(fake()).value();
    Objective.DiscriminatorLoss smoothed = objective.discriminator(real(), fake(), SMOOTHED);
    assertEquals(1.9820833333333334, smoothed.value(), EXACT);
    assertEquals(-0.11166666666666667, smoothed.value() - plain.value(), EXACT);
    assertValues(new double[] {0.1 / 3, -2.9 / 3, -0.4 / 3}, smoothed.realGradient());
    assertArrayEquals(values(plain.fakeGradient()), values(smoothed.fakeGradient()), 0.0, "fake gradient");
    assertEquals(generatorBefore, objective.generator(fake()).value(), 0.0, "generator loss");
  }

  /** LSGAN G: mean (f - 1)^2 / 2 = (6.25 + 0.5625 + 0) / 6 = 1.1354166666666667; d/df = (f - 1) / B. */
  @Test
  void leastSquaresGeneratorKnownAnswer() {
    Objective.Loss loss = new LeastSquares().generator(fake());
    assertEquals(1.1354166666666667, loss.value(), EXACT);
    assertValues(new double[] {-2.5 / 3, -0.75 / 3, 0}, loss.gradient());
  }

  // ------------------------------------------------------------------------------------------------- softplus

  /**
   * sp(1000) = 1000 + ln(1 + e^-1000) = 1000 to double precision (the naive ln(1 + e^1000) overflows to
   * infinity); sp(-1000) = e^-1000 (1 + O(e^-1000)), about 5e-435, below the smallest double: 0. sp(0) = ln 2 =
   * 0.6931471805599453; sp(+-1) as above.
   */
  @Test
  void softplusIsFiniteAndCorrectForLargeLogits() {
    INDArray x = column(1000, -1000, 0, 1, -1);
    INDArray before = x.dup();
    double[] softplus = values(Objective.softplus(x));
    assertArrayEquals(new double[] {1000, 0, 0.6931471805599453, 1.3132616875182228, 0.3132616875182228}, softplus,
        EXACT);
    for (double value : softplus) {
      assertTrue(Double.isFinite(value));
    }
    assertArrayEquals(values(before), values(x), 0.0, "softplus modified its input");
    // s(1000) = 1 - e^-1000 = 1 and s(-1000) = e^-1000 = 0 in double.
    assertArrayEquals(new double[] {1, 0}, values(Objective.sigmoid(column(1000, -1000))), EXACT);
  }

  /**
   * The same through the losses, B = 2. Non-saturating G at f = (-1000, 1000): (sp(1000) + sp(-1000)) / 2 = 500,
   * d/df = (s(f) - 1) / 2 = (-0.5, 0). Minimax G: -(sp(-1000) + sp(1000)) / 2 = -500. BCE D at r = (1000, -1000),
   * f = (-1000, 1000): (sp(-1000) + sp(1000)) / 2 + (sp(-1000) + sp(1000)) / 2 = 1000, d/dr = (s(r) - 1) / 2 =
   * (0, -0.5), d/df = s(f) / 2 = (0, 0.5).
   */
  @Test
  void bceLossesAreFiniteForLargeLogits() {
    INDArray confidentFake = column(-1000, 1000);
    Objective.Loss nonSaturating = new NonSaturating().generator(confidentFake);
    assertEquals(500, nonSaturating.value(), EXACT);
    assertValues(new double[] {-0.5, 0}, nonSaturating.gradient());
    assertEquals(-500, new Minimax().generator(confidentFake).value(), EXACT);
    Objective.DiscriminatorLoss discriminator = new Minimax().discriminator(column(1000, -1000), confidentFake, 1.0);
    assertEquals(1000, discriminator.value(), EXACT);
    assertValues(new double[] {0, -0.5}, discriminator.realGradient());
    assertValues(new double[] {0, 0.5}, discriminator.fakeGradient());
  }

  // -------------------------------------------------------------------- properties of every objective

  /** Every objective with logits that keep the hinge off its kink. */
  static Stream<Objective> objectives() {
    return Stream.of(new Minimax(), new NonSaturating(), new Hinge(), new Wasserstein(), new LeastSquares());
  }

  static Stream<Objective> bceObjectives() {
    return Stream.of(new Minimax(), new NonSaturating());
  }

  private static INDArray realFor(Objective objective) {
    return objective instanceof Hinge ? hingeReal() : real();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objectives")
  void gradientsAgreeWithFiniteDifferences(Objective objective) {
    INDArray real = realFor(objective);
    INDArray fake = fake();
    for (double target : new double[] {1.0, SMOOTHED}) {
      Objective.DiscriminatorLoss loss = objective.discriminator(real, fake, target);
      String at = objective + " at target " + target;
      assertMatchesFiniteDifferences(at + ", d/dr", real, loss.realGradient(),
          r -> objective.discriminator(r, fake, target).value());
      assertMatchesFiniteDifferences(at + ", d/df", fake, loss.fakeGradient(),
          f -> objective.discriminator(real, f, target).value());
    }
    assertMatchesFiniteDifferences(objective + " generator", fake, objective.generator(fake).gradient(),
        f -> objective.generator(f).value());
  }

  /**
   * No call modifies its inputs, and the gradients are arrays of their own: an optimizer updates gradients in
   * place, which must not reach back into the discriminator outputs they came from.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("objectives")
  void inputsAreNotModifiedAndGradientsAreFresh(Objective objective) {
    INDArray real = realFor(objective);
    INDArray fake = fake();
    double[] realBefore = values(real);
    double[] fakeBefore = values(fake);
    for (double target : new double[] {1.0, SMOOTHED}) {
      Objective.DiscriminatorLoss loss = objective.discriminator(real, fake, target);
      loss.realGradient().assign(Double.NaN);
      loss.fakeGradient().assign(Double.NaN);
    }
    objective.generator(fake).gradient().assign(Double.NaN);
    assertArrayEquals(realBefore, values(real), 0.0, "real outputs");
    assertArrayEquals(fakeBefore, values(fake), 0.0, "fake outputs");
  }

  // ------------------------------------------------------------------------------------------ feature matching

  private static Network tinyDiscriminator() {
    return Network.build("d", new long[] {2},
        List.of(Dense.withBias(3), Activation.leakyRelu(0.2), Dense.withBias(1)), DataType.DOUBLE, new Rng(1));
  }

  /**
   * The loss on layer 0 (the first dense layer's [B, 3] output) is the squared distance between the batch means
   * of the real and the fake features, here recomputed with plain loops over the network's real outputs; the real
   * and fake batches differ in size (4 and 3) so that each side must be averaged over its own batch.
   */
  @Test
  void featureMatchingMatchesHandComputedMeansAndFiniteDifferences() {
    Network network = tinyDiscriminator();
    Rng data = new Rng(7);
    Activations onReal = network.forward(data.gaussian(DataType.DOUBLE, 0, 1, 4, 2), Mode.TRAIN, data);
    Activations onFake = network.forward(data.gaussian(DataType.DOUBLE, 1, 2, 3, 2), Mode.TRAIN, data);
    double[][] realFeatures = onReal.output(0).toDoubleMatrix();
    double[][] fakeFeatures = onFake.output(0).toDoubleMatrix();
    assertEquals(3, realFeatures[0].length, "layer 0 is the dense layer with 3 outputs");

    FeatureMatching.Loss loss = FeatureMatching.loss(onReal, onFake, 0);

    double expected = squaredDistanceOfMeans(realFeatures, fakeFeatures);
    assertTrue(expected > 0.01, "the batches differ, so the features do: " + expected);
    assertEquals(expected, loss.value(), EXACT);
    assertArrayEquals(onFake.output(0).shape(), loss.fakeFeatureGradient().shape());
    double[][] gradient = loss.fakeFeatureGradient().toDoubleMatrix();
    for (int i = 0; i < fakeFeatures.length; i++) {
      for (int j = 0; j < fakeFeatures[i].length; j++) {
        double original = fakeFeatures[i][j];
        fakeFeatures[i][j] = original + FD_STEP;
        double plus = squaredDistanceOfMeans(realFeatures, fakeFeatures);
        fakeFeatures[i][j] = original - FD_STEP;
        double minus = squaredDistanceOfMeans(realFeatures, fakeFeatures);
        fakeFeatures[i][j] = original;
        assertAgrees("feature matching d/dfeature[" + i + "][" + j + "]", gradient[i][j],
            (plus - minus) / (2 * FD_STEP));
      }
    }
    // Nothing was written into the activations.
    assertArrayEquals(fakeFeatures, onFake.output(0).toDoubleMatrix());
    assertArrayEquals(realFeatures, onReal.output(0).toDoubleMatrix());
  }

  @Test
  void featureMatchingRefusesALayerTheNetworkDoesNotHave() {
    Network network = tinyDiscriminator();
    Rng data = new Rng(3);
    Activations onReal = network.forward(data.gaussian(DataType.DOUBLE, 0, 1, 2, 2), Mode.TRAIN, data);
    Activations onFake = network.forward(data.gaussian(DataType.DOUBLE, 0, 1, 2, 2), Mode.TRAIN, data);
    assertThrows(IllegalArgumentException.class, () -> FeatureMatching.loss(onReal, onFake, 3));
  }

  /** ||mean over rows of real - mean over rows of fake||^2, by hand. */
  private static double squaredDistanceOfMeans(double[][] real, double[][] fake) {
    double total = 0;
    for (int j = 0; j < real[0].length; j++) {
      double realMean = 0;
      for (double[] row : real) {
        realMean += row[j];
      }
      realMean /= real.length;
      double fakeMean = 0;
      for (double[] row : fake) {
        fakeMean += row[j];
      }
      fakeMean /= fake.length;
      total += (realMean - fakeMean) * (realMean - fakeMean);
    }
    return total;
  }

  // ---------------------------------------------------------------------------------------------------- helpers

  private static double[] values(INDArray array) {
    return array.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  private static void assertValues(double[] expected, INDArray actual) {
    assertEquals(DataType.DOUBLE, actual.dataType(), "gradients keep the outputs' float64");
    assertArrayEquals(new long[] {expected.length, 1}, actual.shape(), "gradients are shaped like the outputs");
    assertArrayEquals(expected, values(actual), EXACT);
  }

  /** Central differences of {@code loss} at {@code at}, one element at a time, on copies: {@code at} is kept. */
  private static void assertMatchesFiniteDifferences(String what, INDArray at, INDArray analytic,
      ToDoubleFunction<INDArray> loss) {
    assertArrayEquals(at.shape(), analytic.shape(), what + ": gradient shape");
    for (long i = 0; i < at.length(); i++) {
      INDArray plus = at.dup();
      plus.putScalar(i, at.getDouble(i) + FD_STEP);
      INDArray minus = at.dup();
      minus.putScalar(i, at.getDouble(i) - FD_STEP);
      double numeric = (loss.applyAsDouble(plus) - loss.applyAsDouble(minus)) / (2 * FD_STEP);
      assertAgrees(what + " [" + i + "]", analytic.getDouble(i), numeric);
    }
  }

  private static void assertAgrees(String what, double analytic, double numeric) {
    double scale = Math.max(FD_FLOOR, Math.max(Math.abs(analytic), Math.abs(numeric)));
    assertTrue(Math.abs(analytic - numeric) <= FD_RELATIVE * scale,
        what + ": analytic " + analytic + ", finite difference " + numeric);
  }
}
