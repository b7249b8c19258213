package sparkgan.evaluate;

import java.util.Arrays;
import sparkgan.evaluate.metric.FeatureMatrix;

/**
 * An array read from or written to numpy's {@code .npy} format: its shape and its values in C (row-major) order,
 * as float64 whatever the file's type ({@code dtype}, numpy's {@code descr}, e.g. {@code <f4}); float32 and integers
 * up to 2^53 convert exactly.
 */
public record NumpyArray(long[] shape, double[] values, String dtype) {
  public NumpyArray {
    shape = shape.clone();
    long size = 1;
    for (long s : shape) {
      if (s < 0) {
        throw new IllegalArgumentException("shape must have sizes >= 0, got " + Arrays.toString(shape));
      }
      size *= s;
    }
    if (size != values.length) {
      throw new IllegalArgumentException("values must hold the " + size + " elements of shape "
          + Arrays.toString(shape) + ", got " + values.length);
    }
  }

  /** A float64 array of the given shape, as this project writes them. */
  public static NumpyArray of(double[] values, long... shape) {
    return new NumpyArray(shape, values, "<f8");
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** This 2-D array as a feature matrix [rows, columns]; {@code what} names it in the message if it is not 2-D. */
  public FeatureMatrix matrix(String what) {
    if (shape.length != 2) {
      throw new IllegalArgumentException("Cannot use " + what + ": expected a 2-D array [samples, features], got shape "
          + Arrays.toString(shape));
    }
    return new FeatureMatrix((int) shape[0], (int) shape[1], values);
  }
}
