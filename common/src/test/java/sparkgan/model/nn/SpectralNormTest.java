package sparkgan.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link SpectralNorm}: the normalised weight read back through the layer's own forward pass (a linear layer
 * without bias applied to one-hot inputs returns its weight), its largest singular value computed independently in
 * plain Java, and the u buffer's behaviour in TRAIN and EVAL mode.
 */
class SpectralNormTest {

  /** Largest singular value of a row-major rows x cols matrix: 5,000 power iterations on AᵀA in double. */
  static double largestSingularValue(double[] a, int rows, int cols) {
    double[] x = new double[cols];
    java.util.Arrays.fill(x, 1);
    double lambda = 0;
    for (int iteration = 0; iteration < 5000; iteration++) {
      double[] ax = new double[rows];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          ax[r] += a[r * cols + c] * x[c];
        }
      }
      double[] atax = new double[cols];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          atax[c] += a[r * cols + c] * ax[r];
        }
      }
      double norm = 0;
      for (double value : atax) {
        norm += value * value;
      }
      norm = Math.sqrt(norm);
      for (int c = 0; c < cols; c++) {
        x[c] = atax[c] / norm;
      }
      lambda = norm; // ‖AᵀA x‖ for unit x converges to σ²
    }
    return Math.sqrt(lambda);
  }

  /** W̄ of a dense layer [in, out] without bias: its EVAL output for the identity batch. */
  private static INDArray denseNormalisedWeight(Network net) {
    long in = net.inputShape()[0];
    return net.forward(Nd4j.eye(in).castTo(DataType.DOUBLE), Mode.EVAL, new Rng(0)).output();
  }

  /** M̄ᵀ [in·k·k, out] of a convolution without bias, padding 0, on a k x k input: its EVAL output for one-hots. */
  private static INDArray convNormalisedMatrixTransposed(Network net) {
    long[] in = net.inputShape();
    long fan = in[0] * in[1] * in[2];
    INDArray oneHots = Nd4j.eye(fan).castTo(DataType.DOUBLE).reshape(fan, in[0], in[1], in[2]);
    return net.forward(oneHots, Mode.EVAL, new Rng(0)).output().reshape(fan, -1);
  }

  private static double sigma(INDArray matrix) {
    return largestSingularValue(matrix.dup('c').data().asDouble(), (int) matrix.size(0), (int) matrix.size(1));
  }

  private static void trainPasses(Network net, int passes) {
    INDArray x = new Rng(5).gaussian(DataType.DOUBLE, 0, 1, batched(net.inputShape(), 2));
    for (int i = 0; i < passes; i++) {
      net.forward(x, Mode.TRAIN, new Rng(0));
    }
  }

  private static long[] batched(long[] shape, long batch) {
    long[] result = new long[shape.length + 1];
    result[0] = batch;
    System.arraycopy(shape, 0, result, 1, shape.length);
    return result;
  }

  @Test
  void theReferenceSingularValueIsRightOnAKnownMatrix() {
    // diag(3, 2) rotated: singular values 3 and 2 whatever the rotation.
    double c = Math.cos(0.3);
    double s = Math.sin(0.3);
    double[] a = {3 * c, -3 * s, 2 * s, 2 * c};
    assertEquals(3.0, largestSingularValue(a, 2, 2), 1e-12);
  }

  @Test
  void denseWeightHasUnitSpectralNormAfterFiftyTrainingPasses() {
    Network net = Network.build("d", new long[] {5}, List.of(SpectralNorm.of(Dense.withoutBias(7))),
        DataType.DOUBLE, new Rng(1));
    double raw = sigma(net.namedParameters().get("0.sndense.weight"));
    trainPasses(net, 1);
    double afterOne = sigma(denseNormalisedWeight(net));
    trainPasses(net, 49);
    double afterFifty = sigma(denseNormalisedWeight(net));
    assertEquals(1.0, afterFifty, 1e-3, "σ(W̄) after 50 power iterations");
    // Controls: the raw weight is far from unit norm, and one iteration from a random u is not yet converged,
    // so the 1e-3 check above can fail.
    assertTrue(Math.abs(raw - 1) > 0.1, "raw σ " + raw);
    assertTrue(Math.abs(afterOne - 1) > 1e-3, "σ(W̄) after one iteration " + afterOne);
  }

  @Test
  void convolutionWeightHasUnitSpectralNormAfterFiftyTrainingPasses() {
    Network net = Network.build("c", new long[] {4, 3, 3}, List.of(SpectralNorm.of(new Conv2d(6, 3, 1, 0, false))),
        DataType.DOUBLE, new Rng(2));
    INDArray weight = net.namedParameters().get("0.snconv.weight");
    double raw = sigma(weight.reshape(6, 36).transpose());
    trainPasses(net, 1);
    double afterOne = sigma(convNormalisedMatrixTransposed(net));
    trainPasses(net, 49);
    double afterFifty = sigma(convNormalisedMatrixTransposed(net));
    assertEquals(1.0, afterFifty, 1e-3, "σ(W̄) after 50 power iterations");
    assertTrue(Math.abs(raw - 1) > 0.1, "raw σ " + raw);
    assertTrue(Math.abs(afterOne - 1) > 1e-3, "σ(W̄) after one iteration " + afterOne);
    // W̄ is W/σ: proportional to the stored weight.
    INDArray ratio = convNormalisedMatrixTransposed(net).div(weight.reshape(6, 36).transpose());
    assertEquals(0.0, ratio.sub(ratio.getDouble(0)).norm2Number().doubleValue(), 1e-9);
  }

  @Test
  void theUBufferIsAUnitVectorThatTrainingUpdatesAndEvaluationKeeps() {
    Network net = Network.build("d", new long[] {5}, List.of(SpectralNorm.of(Dense.withBias(7))),
        DataType.DOUBLE, new Rng(3));
    assertEquals(List.of("0.sndense.u"), List.copyOf(net.namedBuffers().keySet()));
    assertEquals(List.of("0.sndense.weight", "0.sndense.bias"), List.copyOf(net.namedParameters().keySet()));
    INDArray u = net.namedBuffers().get("0.sndense.u");
    assertEquals(7, u.length());
    assertEquals(1.0, u.norm2Number().doubleValue(), 1e-12);
    INDArray initial = u.dup();
    INDArray x = new Rng(4).gaussian(DataType.DOUBLE, 0, 1, 3, 5);
    net.forward(x, Mode.EVAL, new Rng(0));
    assertEquals(initial, u);
    net.forward(x, Mode.TRAIN, new Rng(0));
    assertNotEquals(initial, u);
    assertEquals(1.0, u.norm2Number().doubleValue(), 1e-12);
  }

  @Test
  void evaluationDependsOnTheDirectionOfUAlone() {
    // An average of workers' u vectors is shorter than 1; evaluation must give the same W̄ as for the unit vector.
    Network net = Network.build("d", new long[] {5}, List.of(SpectralNorm.of(Dense.withoutBias(7))),
        DataType.DOUBLE, new Rng(6));
    trainPasses(net, 2);
    INDArray unit = denseNormalisedWeight(net);
    net.namedBuffers().get("0.sndense.u").muli(0.8);
    INDArray shorter = denseNormalisedWeight(net);
    assertEquals(0.0, shorter.sub(unit).amaxNumber().doubleValue(), 1e-12);
    assertNotEquals(0.0, unit.sub(net.namedParameters().get("0.sndense.weight")).amaxNumber().doubleValue());
  }
}
