package sparkgan.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Quarter-turn rotations for SSGAN. Convention (Mimicry's {@code _rot_tensor} in
 * {@code torch_mimicry/nets/ssgan/ssgan_base.py}): one quarter turn is counter-clockwise as displayed, the same as
 * {@code torch.rot90(x, 1, dims=(2, 3))}, i.e. {@code out[i, j] = in[j, W-1-i]}.
 */
class RotationsTest {
  /** Random values of the given type; exact comparisons below compare bit patterns. */
  private static INDArray random(DataType type, long... shape) {
    Nd4j.getRandom().setSeed(42);
    return Nd4j.randn(DataType.DOUBLE, shape).castTo(type);
  }

  private static void assertBitwiseEqual(INDArray expected, INDArray actual) {
    assertArrayEquals(expected.shape(), actual.shape());
    assertEquals(expected.dataType(), actual.dataType());
    if (expected.dataType() == DataType.DOUBLE) {
      double[] e = expected.dup('c').data().asDouble();
      double[] a = actual.dup('c').data().asDouble();
      for (int i = 0; i < e.length; i++) {
        assertEquals(Double.doubleToRawLongBits(e[i]), Double.doubleToRawLongBits(a[i]), "element " + i);
      }
    } else {
      float[] e = expected.dup('c').data().asFloat();
      float[] a = actual.dup('c').data().asFloat();
      for (int i = 0; i < e.length; i++) {
        assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), "element " + i);
      }
    }
  }

  /** A fresh, contiguous row-major array that does not share storage with the input. */
  private static void assertFresh(INDArray input, INDArray output) {
    assertEquals('c', output.ordering());
    assertFalse(output.isView(), "result is a view");
    assertNotSame(input.data(), output.data());
    assertEquals(input.length(), output.data().length());
  }

  @Test
  void fourQuarterTurnsAreTheIdentityInFloatAndDouble() {
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray x = random(type, 3, 2, 5, 5);
      INDArray y = x;
      for (int k = 0; k < 4; k++) {
        INDArray next = Rotations.rotate(y, 1);
        assertFresh(y, next);
        y = next;
      }
      assertBitwiseEqual(x, y);
      // And a quarter turn is not the identity on these (random) images.
      assertFalse(Rotations.rotate(x, 1).equals(x));
    }
  }

  @Test
  void halfTurnIsTwoQuarterTurnsAndThreeQuarterTurnsAreThree() {
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray x = random(type, 2, 3, 4, 4);
      INDArray once = Rotations.rotate(x, 1);
      assertBitwiseEqual(Rotations.rotate(once, 1), Rotations.rotate(x, 2));
      assertBitwiseEqual(Rotations.rotate(Rotations.rotate(once, 1), 1), Rotations.rotate(x, 3));
      INDArray zero = Rotations.rotate(x, 0);
      assertFresh(x, zero);
      assertBitwiseEqual(x, zero);
    }
  }

  @Test
  void handWorkedThreeByThreeFollowsTorchRot90() {
    // [[1, 2, 3], [4, 5, 6], [7, 8, 9]] as one single-channel image, row 0 at the top.
    INDArray x = Nd4j.createFromArray(1.0, 2, 3, 4, 5, 6, 7, 8, 9).reshape(1, 1, 3, 3);
    // One quarter turn counter-clockwise = torch.rot90(x, 1, dims=(2, 3)) = Mimicry's _rot_tensor(x, 90)
    // (x.transpose(1, 2).flip(1)): the right column 3, 6, 9 becomes the top row.
    assertArrayEquals(new double[] {3, 6, 9, 2, 5, 8, 1, 4, 7}, Rotations.rotate(x, 1).data().asDouble());
    // Two: upside down (Mimicry's flip(1).flip(2)).
    assertArrayEquals(new double[] {9, 8, 7, 6, 5, 4, 3, 2, 1}, Rotations.rotate(x, 2).data().asDouble());
    // Three = one clockwise (Mimicry's transpose(1, 2).flip(2)): the left column read bottom-up becomes the top row.
    assertArrayEquals(new double[] {7, 4, 1, 8, 5, 2, 9, 6, 3}, Rotations.rotate(x, 3).data().asDouble());
    // The input is untouched.
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, x.data().asDouble());
  }

  @Test
  void everyChannelAndExampleRotatesByTheIndexRule() {
    // Against the defining formula out[n, c, i, j] = in[n, c, j, W-1-i], element by element (reference only).
    INDArray x = random(DataType.FLOAT, 2, 3, 5, 5);
    INDArray y = Rotations.rotate(x, 1);
    for (int n = 0; n < 2; n++) {
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < 5; i++) {
          for (int j = 0; j < 5; j++) {
            assertEquals(x.getFloat(n, c, j, 4 - i), y.getFloat(n, c, i, j));
          }
        }
      }
    }
  }

  @Test
  void viewsAndFortranOrderInputsRotateLikeTheirCopies() {
    INDArray big = random(DataType.FLOAT, 6, 3, 4, 4);
    INDArray view = big.get(NDArrayIndex.interval(1, 4), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
    INDArray fortran = view.dup('f');
    for (int k = 0; k < 4; k++) {
      INDArray expected = Rotations.rotate(view.dup('c'), k);
      assertBitwiseEqual(expected, Rotations.rotate(view, k));
      assertBitwiseEqual(expected, Rotations.rotate(fortran, k));
      assertEquals('c', Rotations.rotate(fortran, k).ordering());
    }
  }

  @Test
  void quartersOfEightRotateConsecutivePairs() {
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray x = random(type, 8, 3, 4, 4);
      Rotations.Rotated r = Rotations.quarters(x);
      assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2, 3, 3}, r.labels());
      assertFresh(x, r.images());
      for (int i = 0; i < 8; i++) {
        INDArray original = x.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all(), NDArrayIndex.all(),
            NDArrayIndex.all());
        INDArray got = r.images().get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all(), NDArrayIndex.all(),
            NDArrayIndex.all());
        assertBitwiseEqual(Rotations.rotate(original, r.labels()[i]), got);
      }
    }
  }

  @Test
  void quartersFollowTheFormulaForSmallAndUnevenBatches() {
    // i * 4 / N, integer division, as Mimicry's _rotate_batch.
    assertArrayEquals(new int[] {0}, Rotations.quarters(random(DataType.FLOAT, 1, 1, 2, 2)).labels());
    assertArrayEquals(new int[] {0, 2}, Rotations.quarters(random(DataType.FLOAT, 2, 1, 2, 2)).labels());
    assertArrayEquals(new int[] {0, 1, 2}, Rotations.quarters(random(DataType.FLOAT, 3, 1, 2, 2)).labels());
    assertArrayEquals(new int[] {0, 0, 1, 2, 2, 3}, Rotations.quarters(random(DataType.FLOAT, 6, 1, 2, 2)).labels());
    INDArray x = random(DataType.DOUBLE, 6, 2, 3, 3);
    Rotations.Rotated r = Rotations.quarters(x);
    for (int i = 0; i < 6; i++) {
      INDArray original = x.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all(), NDArrayIndex.all(),
          NDArrayIndex.all());
      INDArray got = r.images().get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all(), NDArrayIndex.all(),
          NDArrayIndex.all());
      assertBitwiseEqual(Rotations.rotate(original, r.labels()[i]), got);
    }
  }

  @Test
  void unrotatingQuartersIsTheInverseAndTheAdjoint() {
    INDArray x = random(DataType.DOUBLE, 8, 2, 5, 5);
    Rotations.Rotated r = Rotations.quarters(x);
    assertBitwiseEqual(x, Rotations.unrotateQuarters(r));
    // The adjoint of the rotation R: <R x, y> = <x, R^T y>, which is what carries a gradient back through it.
    INDArray y = random(DataType.DOUBLE, 8, 2, 5, 5);
    INDArray back = Rotations.unrotateQuarters(new Rotations.Rotated(y, r.labels()));
    assertEquals(r.images().mul(y).sumNumber().doubleValue(), x.mul(back).sumNumber().doubleValue(), 1e-12);
  }

  @Test
  void nonSquareImagesAreRefusedNamingTheShape() {
    INDArray x = Nd4j.zeros(DataType.FLOAT, 2, 3, 4, 5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rotations.rotate(x, 1));
    assertTrue(e.getMessage().contains("[2, 3, 4, 5]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Rotations.quarters(x));
    assertTrue(e.getMessage().contains("[2, 3, 4, 5]"), e.getMessage());
    INDArray rank3 = Nd4j.zeros(DataType.FLOAT, 3, 4, 4);
    e = assertThrows(IllegalArgumentException.class, () -> Rotations.rotate(rank3, 1));
    assertTrue(e.getMessage().contains("[3, 4, 4]"), e.getMessage());
  }

  @Test
  void quarterTurnsOutsideZeroToThreeAreRefused() {
    INDArray x = Nd4j.zeros(DataType.FLOAT, 1, 1, 2, 2);
    for (int k : new int[] {-1, 4, 90}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rotations.rotate(x, k));
      assertTrue(e.getMessage().contains(Integer.toString(k)), e.getMessage());
    }
  }
}
