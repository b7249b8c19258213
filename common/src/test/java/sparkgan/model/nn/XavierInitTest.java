package sparkgan.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Xavier-uniform bounds for dense layers (stored [in, out]) and spectral-norm wrappers; convolutions in blocks. */
class XavierInitTest {

  /** All values within ±bound, the extremes near it and the spread of U(-a, a) (so a narrower one fails). */
  static void assertUniform(INDArray values, double bound) {
    double max = values.amaxNumber().doubleValue();
    assertTrue(max <= bound && max > 0.85 * bound, "max |value| " + max + " for bound " + bound);
    double std = values.stdNumber().doubleValue();
    assertEquals(bound / Math.sqrt(3), std, 0.15 * std, "standard deviation of U(-a, a) is a/sqrt(3)");
  }

  @Test
  void denseLayersUseInputsAndOutputsAsFans() {
    Network net = Network.build("g", new long[] {20}, List.of(XavierInit.of(Dense.withBias(300), 1.0),
        XavierInit.of(SpectralNorm.of(Dense.withBias(10)), 2.0)), DataType.DOUBLE, new Rng(1));
    assertUniform(net.namedParameters().get("0.dense.weight"), Math.sqrt(6.0 / (20 + 300)));
    assertUniform(net.namedParameters().get("0.dense.bias"), 1 / Math.sqrt(20));
    assertUniform(net.namedParameters().get("1.sndense.weight"), 2.0 * Math.sqrt(6.0 / (300 + 10)));
    assertEquals(10, net.namedBuffers().get("1.sndense.u").length(), "the wrapper's u is untouched");
  }

  @Test
  void convolutionFansIncludeTheKernel() {
    Network net = Network.build("c", new long[] {8, 6, 6}, List.of(XavierInit.of(new Conv2d(16, 3, 1, 1, false),
        1.0)), DataType.DOUBLE, new Rng(2));
    assertUniform(net.namedParameters().get("0.conv.weight"), Math.sqrt(6.0 / (8 * 9 + 16 * 9)));
  }

  @Test
  void gainMustBePositive() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> XavierInit.of(Dense.withBias(2), 0));
    assertEquals("xavier gain must be > 0, got 0.0", e.getMessage());
  }
}
