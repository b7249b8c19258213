package sparkgan.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Java batch-norm backward pass gives libnd4j's {@code batchnorm_bp} results on image and vector inputs, inside a
 * step workspace as in training.
 * The double-precision gradient checks of {@link LayerGradientTest} prove libnd4j's path; this ties the float path
 * to it.
 */
class BatchNormKernelTest {
  private static final double EPS = 1e-5;

  @Test
  void imageGradientsMatchLibnd4j() {
    compare(8, 40, 16, 16);
  }

  @Test
  void vectorGradientsMatchLibnd4j() {
    compare(32, 1000);
  }

  @Test
  void takesOnlyPlainFloatArrays() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 6);
    assertTrue(BatchNormKernel.supports(x));
    assertFalse(BatchNormKernel.supports(x.castTo(DataType.DOUBLE)), "double");
    assertFalse(BatchNormKernel.supports(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3))), "view");
    assertFalse(BatchNormKernel.supports(x.dup('f')), "column-major");
  }

  private static void compare(long... shape) {
    Rng rng = new Rng(7);
    long channels = shape[1];
    long[] axes = shape.length == 4 ? new long[] {0, 2, 3} : new long[] {0};
    try (MemoryWorkspace ignored = NativeMemory.stepWorkspace()) {
      INDArray x = rng.gaussian(DataType.FLOAT, 0.5, 2, shape);
      INDArray dy = rng.gaussian(DataType.FLOAT, 0, 1, shape);
      INDArray gamma = rng.gaussian(DataType.FLOAT, 1, 0.3, channels);
      INDArray beta = rng.gaussian(DataType.FLOAT, 0, 0.3, channels);

      INDArray mean = Nd4j.create(DataType.FLOAT, channels);
      INDArray variance = Nd4j.create(DataType.FLOAT, channels);
      Ops.exec("moments", new INDArray[] {x}, new INDArray[] {mean, variance}, axes);

      INDArray dx = x.ulike();
      INDArray[] parameterGradients = BatchNormKernel.backward(x, mean, variance, gamma, dy, EPS, dx);
      INDArray expectedDx = x.ulike();
      INDArray dGamma = gamma.ulike();
      INDArray dBeta = beta.ulike();
      Ops.exec("batchnorm_bp", new INDArray[] {x, mean, variance, gamma, beta, dy},
          new INDArray[] {expectedDx, mean.ulike(), variance.ulike(), dGamma, dBeta}, new long[] {1, 1, 1}, EPS);
      assertClose("input gradient", expectedDx, dx);
      assertClose("gamma gradient", dGamma, parameterGradients[0]);
      assertClose("beta gradient", dBeta, parameterGradients[1]);
    }
  }

  /** Agreement to float precision, relative to the largest magnitude (libnd4j sums in float, the kernel in double). */
  private static void assertClose(String what, INDArray expected, INDArray actual) {
    assertEquals(expected.length(), actual.length(), what);
    double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
    double error = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    assertTrue(error <= 1e-4 * scale, what + ": max difference " + error + " against max magnitude " + scale);
  }
}
