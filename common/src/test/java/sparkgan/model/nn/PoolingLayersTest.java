package sparkgan.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Average pooling, nearest upsampling and sum pooling on small arrays with answers worked out by hand, and their
 * second-order rules: each is linear, so its rule must be the adjoint of its backward map, ⟨v, B dy⟩ = ⟨B* v, dy⟩.
 */
class PoolingLayersTest {
  /** [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12, 13, 14, 15]] as one 1-channel image. */
  private static INDArray ramp() {
    return Nd4j.arange(16).castTo(DataType.DOUBLE).reshape(1, 1, 4, 4);
  }

  private static double[] flat(INDArray a) {
    return a.dup('c').data().asDouble();
  }

  @Test
  void averagePoolingOfARamp() {
    Layer.Frame frame = new AvgPool2d().forward(ramp(), Mode.TRAIN, null);
    // Top-left block {0, 1, 4, 5} averages 2.5; the others follow by +2 (one block right) and +8 (one block down).
    assertArrayEquals(new double[] {2.5, 4.5, 10.5, 12.5}, flat(frame.output()), 1e-12);
    INDArray dx = frame.backward(Nd4j.createFromArray(1.0, 2.0, 3.0, 4.0).reshape(1, 1, 2, 2),
        Layer.Backprop.INPUT_ONLY);
    assertArrayEquals(new double[] {.25, .25, .5, .5, .25, .25, .5, .5, .75, .75, 1, 1, .75, .75, 1, 1}, flat(dx),
        1e-12);
  }

  @Test
  void nearestUpsamplingOfARamp() {
    Layer.Frame frame = new Upsample2d().forward(ramp(), Mode.TRAIN, null);
    INDArray up = frame.output();
    assertArrayEquals(new long[] {1, 1, 8, 8}, up.shape());
    for (int i = 0; i < 8; i++) {
      for (int j = 0; j < 8; j++) {
        assertEquals(4 * (i / 2) + j / 2, up.getDouble(0, 0, i, j), 0.0);
      }
    }
    // The backward pass sums each 2x2 block: for dy = the upsampled ramp, 4 times the ramp.
    assertArrayEquals(flat(ramp().mul(4)), flat(frame.backward(up, Layer.Backprop.INPUT_ONLY)), 1e-12);
  }

  @Test
  void sumPoolingOfTwoChannels() {
    INDArray x = Nd4j.arange(8).castTo(DataType.DOUBLE).reshape(1, 2, 2, 2);
    Layer.Frame frame = new SumPool().forward(x, Mode.TRAIN, null);
    assertArrayEquals(new double[] {0 + 1 + 2 + 3, 4 + 5 + 6 + 7}, flat(frame.output()), 1e-12);
    INDArray dx = frame.backward(Nd4j.createFromArray(new double[][] {{2, -1}}), Layer.Backprop.INPUT_ONLY);
    assertArrayEquals(new double[] {2, 2, 2, 2, -1, -1, -1, -1}, flat(dx), 1e-12);
  }

  @Test
  void secondOrderRulesAreTheAdjointsOfTheBackwardMaps() {
    Rng rng = new Rng(9);
    INDArray x = rng.gaussian(DataType.DOUBLE, 0, 1, 2, 3, 4, 4);
    for (Layer layer : new Layer[] {new AvgPool2d(), new Upsample2d(), new SumPool()}) {
      Layer.Frame frame = layer.forward(x, Mode.TRAIN, null);
      INDArray dy = rng.gaussian(DataType.DOUBLE, 0, 1, frame.output().shape());
      INDArray v = rng.gaussian(DataType.DOUBLE, 0, 1, x.shape());
      double left = v.mul(frame.backward(dy, Layer.Backprop.INPUT_ONLY)).sumNumber().doubleValue();
      double right = frame.doubleBackward(dy, v).mul(dy).sumNumber().doubleValue();
      assertEquals(left, right, 1e-10 * Math.abs(left), layer.kind());
    }
  }

  @Test
  void shapesThePoolsCannotTakeAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new AvgPool2d().outputShape(new long[] {3, 5, 5}));
    assertThrows(IllegalArgumentException.class, () -> new SumPool().outputShape(new long[] {3}));
    assertArrayEquals(new long[] {3, 10, 12}, new Upsample2d().outputShape(new long[] {3, 5, 6}));
  }
}
