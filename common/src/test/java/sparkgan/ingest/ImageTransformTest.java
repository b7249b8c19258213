package sparkgan.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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

  @Test
  void padCentresGreyWithTheOddExtraRowAtTheBottom() {
    // 2 rows x 3 columns on a 5x5 canvas: 3 spare rows, so 1 above and 2 below; 2 spare columns, 1 each side.
    Pixels image = new Pixels(2, 3, 1, bytes(1, 2, 3, 4, 5, 6));
    Pixels padded = ImageTransform.pad(image, 5);
    assertEquals(List.of(5, 5, 1), List.of(padded.height(), padded.width(), padded.channels()));
    assertArrayEquals(bytes(
        0, 0, 0, 0, 0,
        0, 1, 2, 3, 0,
        0, 4, 5, 6, 0,
        0, 0, 0, 0, 0,
        0, 0, 0, 0, 0), padded.data());
  }

  @Test
  void padCentresGreyWithTheOddExtraColumnOnTheRight() {
    // 3 rows x 2 columns on 5x5: 2 spare rows, 1 above and 1 below; 3 spare columns, 1 left and 2 right.
    Pixels image = new Pixels(3, 2, 1, bytes(1, 2, 3, 4, 5, 6));
    assertArrayEquals(bytes(
        0, 0, 0, 0, 0,
        0, 1, 2, 0, 0,
        0, 3, 4, 0, 0,
        0, 5, 6, 0, 0,
        0, 0, 0, 0, 0), ImageTransform.pad(image, 5).data());
  }

  @Test
  void padKeepsRgbPixelsWholeAndZeroesEveryChannelOfTheBorder() {
    // Even margins: one RGB pixel in the middle of 3x3 (1 spare pixel on each side).
    Pixels one = new Pixels(1, 1, 3, bytes(10, 20, 255));
    assertArrayEquals(bytes(
        0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 10, 20, 255, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0), ImageTransform.pad(one, 3).data());
    // Odd columns: 1x2 RGB on 3x3: 1 spare row above and 1 below; 1 spare column, (3-2)/2 = 0 left, 1 right.
    Pixels two = new Pixels(1, 2, 3, bytes(1, 2, 3, 4, 5, 6));
    assertArrayEquals(bytes(
        0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 2, 3, 4, 5, 6, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0), ImageTransform.pad(two, 3).data());
  }

  @Test
  void padThenChannelConversionKeepsTheBorderBlack() {
    Pixels grey = new Pixels(1, 1, 1, bytes(200));
    Pixels rgb = new ImageTransform(OptionalInt.empty(), OptionalInt.of(2), 3).apply(grey);
    assertEquals(List.of(2, 2, 3), List.of(rgb.height(), rgb.width(), rgb.channels()));
    // 1 spare row and column: the extra goes below and right, so the pixel stays top-left.
    assertArrayEquals(bytes(200, 200, 200, 0, 0, 0, 0, 0, 0, 0, 0, 0), rgb.data());
  }

  @Test
  void padAtTheSourceSizeIsANoOpAndALargerImageIsRefusedWithBothSizes() {
    Pixels image = new Pixels(2, 3, 1, bytes(1, 2, 3, 4, 5, 6));
    Pixels square = new Pixels(3, 3, 1, new byte[9]);
    assertSame(square, ImageTransform.pad(square, 3));
    assertSame(square, new ImageTransform(OptionalInt.empty(), OptionalInt.of(3), 1).apply(square));
    IllegalArgumentException wide = assertThrows(IllegalArgumentException.class, () -> ImageTransform.pad(image, 2));
    assertTrue(wide.getMessage().contains("2x3") && wide.getMessage().contains("2x2"), wide.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ImageTransform.pad(new Pixels(4, 1, 1, new byte[4]), 3),
        "taller than the canvas, though narrower");
    InvalidSourceException file = assertThrows(InvalidSourceException.class,
        () -> new ImageTransform(OptionalInt.empty(), OptionalInt.of(16), 1).checkFits("f-idx3-ubyte", 28, 10));
    assertEquals("Cannot read f-idx3-ubyte: its images are 28x10, larger than the 16x16 canvas of --pad-to 16; "
        + "padding never shrinks an image (use --image-size to crop and resize instead)", file.getMessage());
    new ImageTransform(OptionalInt.empty(), OptionalInt.of(28), 1).checkFits("f", 28, 28); // fits exactly
    new ImageTransform(OptionalInt.of(8), 1).checkFits("f", 28, 28); // no padding: resizing accepts any size
  }
}
