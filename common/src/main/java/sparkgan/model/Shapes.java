package sparkgan.model;

import java.util.Arrays;

/** Data shapes as the architectures read them: [C, H, W] images or [F] vectors, without the batch dimension. */
final class Shapes {
  private Shapes() {}

  static boolean isImage(long[] dataShape) {
    return dataShape.length == 3;
  }

  static long size(long[] shape) {
    return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
  }

  /** Whether {@code dataShape} is a square image of one of {@code sides} pixels. */
  static boolean isSquareImage(long[] dataShape, long... sides) {
    return isImage(dataShape) && dataShape[1] == dataShape[2] && Arrays.stream(sides).anyMatch(s -> s == dataShape[1]);
  }
}
