package sparkgan.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import sparkgan.model.nn.Layer.Backprop;

/**
 * The engine's CPU-only shortcut (batch norm's Java backward pass) follows the backend's identity: the class name of
 * ND4J's backend, not a setting. This machine has the CPU backend only, so the CUDA case is the CUDA backend's class
 * name given to the same decision; libnd4j's path it selects runs here too and gives the same gradients.
 */
class BackendTest {
  private static final String CPU_BACKEND = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
  private static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

  @Test
  void theBackendIsKnownByItsClass() {
    assertEquals(Backend.CPU, Backend.of(CPU_BACKEND));
    assertEquals(Backend.CUDA, Backend.of(CUDA_BACKEND));
    assertEquals(Backend.OTHER, Backend.of("org.nd4j.linalg.aurora.AuroraBackend"));
    assertEquals(Backend.CPU, Backend.current(), "this build's backend: " + Nd4j.getBackend().getClass().getName());
    assertTrue(Backend.CPU.javaReadsArrays());
    assertFalse(Backend.CUDA.javaReadsArrays());
    assertFalse(Backend.OTHER.javaReadsArrays());
  }

  @Test
  void batchNormRunsJavaLoopsOnlyOnTheCpuBackend() {
    INDArray floats = Nd4j.rand(DataType.FLOAT, 8, 3, 4, 4);
    assertTrue(BatchNorm.javaBackward(Backend.of(CPU_BACKEND), floats), "CPU backend: Java loops");
    assertFalse(BatchNorm.javaBackward(Backend.of(CUDA_BACKEND), floats), "CUDA backend: batchnorm_bp");
    assertFalse(BatchNorm.javaBackward(Backend.of(CPU_BACKEND), floats.castTo(DataType.DOUBLE)),
        "negative control: doubles take batchnorm_bp on the CPU backend too");
  }

  @Test
  void bothPathsGiveTheSameGradients() {
    Rng rng = new Rng(11);
    INDArray x = rng.gaussian(DataType.FLOAT, 0.5, 2, 16, 6, 5, 5);
    INDArray dy = rng.gaussian(DataType.FLOAT, 0, 1, 16, 6, 5, 5);
    INDArray gamma = rng.gaussian(DataType.FLOAT, 1, 0.3, 6);
    INDArray beta = rng.gaussian(DataType.FLOAT, 0, 0.3, 6);

    INDArray[] java = backward(Backend.CPU, x, dy, gamma, beta);
    INDArray[] libnd4j = backward(Backend.CUDA, x, dy, gamma, beta);

    for (int i = 0; i < java.length; i++) {
      double scale = Math.max(1e-3, libnd4j[i].amaxNumber().doubleValue());
      double error = libnd4j[i].sub(java[i]).amaxNumber().doubleValue();
      assertTrue(error <= 1e-4 * scale, "gradient " + i + ": max difference " + error + " at magnitude " + scale);
    }
  }

  /** {dL/dx, dL/dgamma, dL/dbeta} of one training-mode batch norm with the backend given. */
  private static INDArray[] backward(Backend backend, INDArray x, INDArray dy, INDArray gamma, INDArray beta) {
    BatchNorm layer = new BatchNorm(backend);
    INDArray gammaGradient = Nd4j.zeros(DataType.FLOAT, 6);
    INDArray betaGradient = Nd4j.zeros(DataType.FLOAT, 6);
    layer.bind(Map.of("gamma", gamma.dup(), "beta", beta.dup(), "running_mean", Nd4j.zeros(DataType.FLOAT, 6),
        "running_var", Nd4j.ones(DataType.FLOAT, 6)), Map.of("gamma", gammaGradient, "beta", betaGradient));
    INDArray dx = layer.forward(x, Mode.TRAIN, new Rng(0)).backward(dy, Backprop.PARAMETERS_AND_INPUT);
    return new INDArray[] {dx, gammaGradient, betaGradient};
  }
}
