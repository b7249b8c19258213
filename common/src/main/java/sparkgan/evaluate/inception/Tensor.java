package sparkgan.evaluate.inception;

import java.util.Arrays;

/** A float tensor read from a weights file: row-major values and shape. */
record Tensor(long[] shape, float[] values) {
  Tensor {
    if (Arrays.stream(shape).reduce(1, Math::multiplyExact) != values.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + values.length
          + " values");
    }
  }

  String shapeText() {
    return Arrays.toString(shape);
  }
}
