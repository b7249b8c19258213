package sparkgan.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ImageTransformTest {

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  @Test
  void sourceAtTheRequestedShapePassesThroughUntouched() {
    Pixels image = new Pixels(2, 2, 1, bytes(1, 2, 3, 4));
    assertSame(image, new ImageTransform(OptionalInt.of(2), 1).apply(image));
    assertSame(image, new ImageTransform(OptionalInt.empty(), 1).apply(image));
  }

  @Test
  void halvingUsesTheWidenedTriangleFilter() {
    // Scale 2, so the triangle's support is 2 input pixels. Output column 0 is centred at input x=1.0: pixels 0
    // and 1 (centres 0.5, 1.5) weigh 1-0.5/2 = 0.75, pixel 2 (centre 2.5) 1-1.5/2 = 0.25; normalised by 1.75.
    // Column 1 (centre 3.0): pixel 1 weighs 0.25, pixels 2 and 3 0.75. The two rows weigh 0.75 each.
    //   row 0 = (0, 100, 10, 10):   col 0 (0*.75 + 100*.75 + 10*.25)/1.75 = 44.286, col 1 (25+7.5+7.5)/1.75 = 22.857
    //   row 1 = (200, 60, 250, 30): col 0 (150+45+62.5)/1.75 = 147.143,           col 1 (15+187.5+22.5)/1.75 = 128.571
    //   mean of the rows: 95.714 -> 96 and 75.714 -> 76.
    Pixels image = new Pixels(2, 4, 1, bytes(0, 100, 10, 10, 200, 60, 250, 30));
    Pixels half = ImageTransform.resize(image, 1, 2);
    assertArrayEquals(bytes(96, 76), half.data());
  }

  @Test
  void cropKeepsTheCentredSquare() {
    // 2 rows x 4 columns: the centred 2x2 square is columns 1..2.
    Pixels image = new Pixels(2, 4, 1, bytes(1, 2, 3, 4, 5, 6, 7, 8));
    assertArrayEquals(bytes(2, 3, 6, 7), ImageTransform.cropAndResize(image, 2).data());
  }

  @Test
  void greyAndRgbConvertBothWays() {
    Pixels grey = new Pixels(1, 2, 1, bytes(7, 200));
    assertArrayEquals(bytes(7, 7, 7, 200, 200, 200), ImageTransform.convertChannels(grey, 3).data());
    // BT.601 luma: 0.299*255 + 0.587*0 + 0.114*0 = 76.2 -> 76; pure green 149.7 -> 150.
    Pixels rgb = new Pixels(1, 2, 3, bytes(255, 0, 0, 0, 255, 0));
    assertArrayEquals(bytes(76, 150), ImageTransform.convertChannels(rgb, 1).data());
  }

  @Test
  void upscalingAConstantImageStaysConstant() {
    Pixels flat = new Pixels(3, 3, 3, new byte[27]);
    java.util.Arrays.fill(flat.data(), (byte) 123);
    Pixels big = ImageTransform.resize(flat, 7, 7);
    for (byte b : big.data()) {
      assertEquals(123, b & 0xFF);
    }
  }
}
