package sparkgan.evaluate.inception;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/**
 * TF1's legacy bilinear resize ({@code align_corners=False}, {@code half_pixel_centers=False}) on tiny images whose
 * answers follow by hand from source = dst · in / out, neighbours floor and min(floor + 1, in − 1).
 */
class InceptionInputTest {

  /** Values as the network sees them, (x − 128) / 128; exact in float for these halves and integers. */
  private static float[] scaled(float... pixels) {
    float[] out = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      out[i] = (pixels[i] - 128f) / 128f;
    }
    return out;
  }

  private static float[] channel(float[] nchw, int c, int size) {
    float[] out = new float[size * size];
    System.arraycopy(nchw, c * size * size, out, 0, out.length);
    return out;
  }

  @Test
  void enlargingTwoByTwoToFourByFourRepeatsTheLastRowAndColumn() {
    // scale 2/4 = 0.5: dst 0, 1, 2, 3 -> source 0, 0.5, 1, 1.5 -> (lower, upper, weight) (0,1,0), (0,1,.5),
    // (1,1,0), (1,1,.5): columns [p0, (p0+p1)/2, p1, p1], and the same for rows.
    byte[] grey = {0, 100, (byte) 200, 40};
    float[] out = new float[3 * 16];
    InceptionInput.resize(grey, 2, 2, 1, 4, false, out, 0);
    float[] expected = scaled(
        0, 50, 100, 100,
        100, 85, 70, 70,
        200, 120, 40, 40,
        200, 120, 40, 40);
    for (int c = 0; c < 3; c++) {
      assertArrayEquals(expected, channel(out, c, 4), 0f, "grey is tiled to channel " + c);
    }
    // Negative control: PyTorch's align_corners=False (half-pixel centres) samples dst 1 at source 0.25: 25, not 50.
    assertNotEquals(scaled(25)[0], out[1]);
  }

  @Test
  void shrinkingThreeByThreeToTwoByTwoDoesNotAntialias() {
    // scale 3/2 = 1.5: dst 0 -> source 0 (pixel 0 alone), dst 1 -> source 1.5 (halfway between 1 and 2). An
    // antialiased resize would blend pixel 0 with its neighbours.
    byte[] grey = {10, 20, 30, 40, 50, 60, 70, 80, 90};
    float[] out = new float[3 * 4];
    InceptionInput.resize(grey, 3, 3, 1, 2, false, out, 0);
    assertArrayEquals(scaled(10, 25, 55, 70), channel(out, 0, 2), 0f);
  }

  @Test
  void rgbChannelsStayApartInBothLayouts() {
    // One RGB pixel resized to 2x2 is that pixel everywhere (upper neighbour clamps to 0).
    byte[] rgb = {1, 2, 3};
    float[] nchw = new float[12];
    InceptionInput.resize(rgb, 1, 1, 3, 2, false, nchw, 0);
    assertArrayEquals(scaled(1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3), nchw, 0f);
    float[] nhwc = new float[12 + 5];
    InceptionInput.resize(rgb, 1, 1, 3, 2, true, nhwc, 5);
    float[] pixels = new float[12];
    System.arraycopy(nhwc, 5, pixels, 0, 12);
    assertArrayEquals(scaled(1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3), pixels, 0f);
  }

  @Test
  void sourceCoordinatesAreComputedInFloat() {
    // 32 -> 299: scale = (float) 32/299; dst 298 -> 298 * scale = 31.893 (float), neighbours 31 and 31 (clamped).
    InceptionInput.Axis axis = InceptionInput.Axis.of(32, 299);
    float scale = 32f / 299f;
    assertArrayEquals(new int[] {31, 31}, new int[] {axis.lower()[298], axis.upper()[298]});
    assertArrayEquals(new float[] {298f * scale - 31f}, new float[] {axis.lerp()[298]}, 0f);
    // dst 28 -> 2.9966556 (float): neighbours 2 and 3.
    assertArrayEquals(new int[] {2, 3}, new int[] {axis.lower()[28], axis.upper()[28]});
  }
}
