package sparkgan.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SampleImagesTest {
  @TempDir
  Path dir;

  /**
   * Four 2x2 single-channel images, image n holding {a, b; c, d} = VALUES[n]. Besides the three fixed points of
   * the mapping (-1 -> 0, 0 -> 128, 1 -> 255) they hold out-of-range values (clamped) and values either side of a
   * rounding boundary: (x + 1) * 127.5 = 0.49 -> 0 and 0.51 -> 1 for x = -1 + 0.49 / 127.5 and -1 + 0.51 / 127.5.
   */
  private static final double[][] VALUES = {
      {-1.0, 0.0, 1.0, 0.5},
      {-1.0 + 0.49 / 127.5, -1.0 + 0.51 / 127.5, 2.0, -3.0},
      {-0.5, 0.25, 0.999, -0.999},
      {0.0, 1.0, -1.0, 0.0},
  };

  /** round((x + 1) * 127.5) by hand for each entry of VALUES: 0.5 -> 191.25 -> 191, -0.5 -> 63.75 -> 64, etc. */
  private static final int[][] BYTES = {
      {0, 128, 255, 191},
      {0, 1, 255, 0},
      {64, 159, 255, 0}, // 0.25 -> 159.375; 0.999 -> 254.8725 -> 255; -0.999 -> 0.1275 -> 0
      {128, 255, 0, 128},
  };

  /**
   * The bytes of -VALUES, by hand, for the green channel of the RGB test: -0 -> 127.5 -> 128; 1 - 0.49 / 127.5 ->
   * 254.51 -> 255; 1 - 0.51 / 127.5 -> 254.49 -> 254; -0.25 -> 95.625 -> 96.
   */
  private static final int[][] NEGATED_BYTES = {
      {255, 128, 0, 64},
      {255, 254, 0, 255},
      {191, 96, 0, 255},
      {128, 0, 255, 128},
  };

  private static INDArray greyBatch() {
    double[][][][] images = new double[4][1][2][2];
    for (int n = 0; n < 4; n++) {
      images[n][0] = new double[][] {{VALUES[n][0], VALUES[n][1]}, {VALUES[n][2], VALUES[n][3]}};
    }
    return Nd4j.createFromArray(images);
  }

  /** Top-left pixel of tile n in a 2-column grid of 2x2 tiles with a 2-pixel border: tiles start every 4 pixels. */
  private static int tileLeft(int n) {
    return (n % 2) * 4;
  }

  private static int tileTop(int n) {
    return (n / 2) * 4;
  }

  @Test
  void greyGridHasExactBytesAndBlackBorders() {
    BufferedImage grid = SampleImages.grid(greyBatch(), 2);
    assertEquals(BufferedImage.TYPE_BYTE_GRAY, grid.getType());
    assertEquals(6, grid.getWidth(), "2 tiles of 2 plus one 2-pixel border");
    assertEquals(6, grid.getHeight());
    int[][] expected = new int[6][6]; // borders (rows and columns 2 and 3) stay 0
    for (int n = 0; n < 4; n++) {
      for (int i = 0; i < 4; i++) {
        expected[tileTop(n) + i / 2][tileLeft(n) + i % 2] = BYTES[n][i];
      }
    }
    assertArrayEquals(expected, greyPixels(grid));
  }

  @Test
  void greyGridSurvivesPngRoundTrip() throws IOException {
    BufferedImage grid = SampleImages.grid(greyBatch(), 2);
    Path png = dir.resolve("grid.png");
    ImageIO.write(grid, "png", png.toFile());
    assertArrayEquals(greyPixels(grid), greyPixels(ImageIO.read(png.toFile())));
  }

  @Test
  void rgbGridPutsEachChannelInItsBand() {
    // Image n has red = VALUES[n], green = -VALUES[n], blue = 0 everywhere (byte 128).
    double[][][][] images = new double[4][3][2][2];
    for (int n = 0; n < 4; n++) {
      double[] v = VALUES[n];
      images[n][0] = new double[][] {{v[0], v[1]}, {v[2], v[3]}};
      images[n][1] = new double[][] {{-v[0], -v[1]}, {-v[2], -v[3]}};
      images[n][2] = new double[2][2];
    }
    BufferedImage grid = SampleImages.grid(Nd4j.createFromArray(images), 2);
    assertEquals(BufferedImage.TYPE_INT_RGB, grid.getType());
    assertEquals(6, grid.getWidth());
    assertEquals(6, grid.getHeight());
    for (int n = 0; n < 4; n++) {
      for (int i = 0; i < 4; i++) {
        int x = tileLeft(n) + i % 2;
        int y = tileTop(n) + i / 2;
        assertEquals(rgb(BYTES[n][i], NEGATED_BYTES[n][i], 128), grid.getRGB(x, y) & 0xFFFFFF, "image " + n + " pixel " + i);
      }
    }
    for (int i = 0; i < 6; i++) {
      for (int border = 2; border <= 3; border++) {
        assertEquals(0, grid.getRGB(border, i) & 0xFFFFFF, "border column " + border + " row " + i);
        assertEquals(0, grid.getRGB(i, border) & 0xFFFFFF, "border row " + border + " column " + i);
      }
    }
  }

  @Test
  void mappingIsRoundHalfUpAndClamped() {
    assertEquals(0, SampleImages.toByte(-1.0));
    assertEquals(128, SampleImages.toByte(0.0), "127.5 rounds up");
    assertEquals(255, SampleImages.toByte(1.0));
    assertEquals(0, SampleImages.toByte(-1.5));
    assertEquals(255, SampleImages.toByte(7.0));
    assertEquals(0, SampleImages.toByte(Double.NaN));
    assertEquals(255, SampleImages.toByte(Double.POSITIVE_INFINITY));
  }

  @Test
  void incompleteLastRowIsBlackAndBadShapesAreRefused() {
    INDArray three = Nd4j.ones(3, 1, 2, 2); // 1.0 -> 255
    BufferedImage grid = SampleImages.grid(three, 2);
    assertEquals(6, grid.getWidth());
    assertEquals(6, grid.getHeight());
    assertEquals(255, grid.getRaster().getSample(0, 4, 0), "third image starts the second row");
    assertEquals(0, grid.getRaster().getSample(4, 4, 0), "the fourth cell is empty");
    assertThrows(IllegalArgumentException.class, () -> SampleImages.grid(Nd4j.ones(2, 2, 2, 2), 2));
    assertThrows(IllegalArgumentException.class, () -> SampleImages.grid(Nd4j.ones(2, 4), 2));
    assertThrows(IllegalArgumentException.class, () -> SampleImages.grid(three, 0));
  }

  @Test
  void scatterPutsAPointAtItsPixelWithYUp() {
    // extent 1 on 100 pixels: 50 pixels per unit. (0.5, 0.5) -> column floor(1.5 * 50) = 75, row floor(0.5 * 50)
    // = 25: the upper right quadrant. The dot is 3x3 (radius max(1, 100 / 256) = 1).
    INDArray points = Nd4j.createFromArray(new double[][] {{0.5, 0.5}});
    double[][] modes = {{-0.5, -0.5}};
    BufferedImage plot = SampleImages.scatter(points, modes, 1.0, 100);
    assertEquals(100, plot.getWidth());
    assertEquals(100, plot.getHeight());
    int point = SampleImages.SCATTER_POINT.getRGB() & 0xFFFFFF;
    int white = 0xFFFFFF;
    for (int dx = -1; dx <= 1; dx++) {
      for (int dy = -1; dy <= 1; dy++) {
        assertEquals(point, rgbAt(plot, 75 + dx, 25 + dy), "dot pixel " + dx + "," + dy);
      }
    }
    assertEquals(white, rgbAt(plot, 77, 25), "the dot is 3 pixels wide");
    assertEquals(white, rgbAt(plot, 75, 75), "the mirror image below the x axis is empty: y points up");

    // The origin's column and row (50) are the axes.
    int axes = SampleImages.SCATTER_AXES.getRGB() & 0xFFFFFF;
    assertEquals(axes, rgbAt(plot, 50, 10));
    assertEquals(axes, rgbAt(plot, 10, 50));

    // The mode (-0.5, -0.5) is a ring of radius max(4, 100 / 40) = 4 around (25, 75): hollow, red on the circle.
    assertEquals(white, rgbAt(plot, 25, 75), "the ring is hollow");
    int onRing = rgbAt(plot, 25 + 4, 75);
    int red = (onRing >> 16) & 0xFF;
    int green = (onRing >> 8) & 0xFF;
    int blue = onRing & 0xFF;
    assertTrue(red > 200 && green < 120 && blue < 120, "ring pixel is red: " + Integer.toHexString(onRing));
  }

  @Test
  void scatterSkipsPointsOffTheCanvas() {
    INDArray points = Nd4j.createFromArray(new double[][] {{5.0, 0.2}, {Double.NaN, 0.0}});
    BufferedImage plot = SampleImages.scatter(points, new double[0][], 1.0, 64);
    int point = SampleImages.SCATTER_POINT.getRGB() & 0xFFFFFF;
    for (int x = 0; x < 64; x++) {
      for (int y = 0; y < 64; y++) {
        assertTrue(rgbAt(plot, x, y) != point, "nothing drawn at " + x + "," + y);
      }
    }
  }

  @Test
  void writePngRoundTripsThroughTheHadoopFileSystem() throws IOException {
    BufferedImage grid = SampleImages.grid(greyBatch(), 2);
    Path file = dir.resolve("samples").resolve("step-100.png");
    SampleImages.writePng(grid, new Configuration(), new org.apache.hadoop.fs.Path(file.toUri()));
    assertArrayEquals(greyPixels(grid), greyPixels(ImageIO.read(file.toFile())));
    assertEquals(List.of("step-100.png"), namesBesideChecksumOf(file), "no temporary file left behind");
  }

  @Test
  void writePngRefusesAnExistingTarget() throws IOException {
    Path file = dir.resolve("step-100.png");
    Files.writeString(file, "earlier");
    IOException failure = assertThrows(FileAlreadyExistsException.class, () -> SampleImages.writePng(
        SampleImages.grid(greyBatch(), 2), new Configuration(), new org.apache.hadoop.fs.Path(file.toUri())));
    assertTrue(failure.getMessage().contains("already there"), failure.getMessage());
    assertEquals("earlier", Files.readString(file), "the existing file is untouched");
    assertEquals(List.of("step-100.png"), namesBesideChecksumOf(file), "no temporary file left behind");
  }

  @Test
  void aGifOfTheGridsLoopsThroughEveryFrameAndIsReplacedWhole() throws IOException {
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("samples.gif").toUri());
    BufferedImage first = SampleImages.grid(greyBatch(), 2);
    BufferedImage second = SampleImages.grid(greyBatch().neg(), 2);
    SampleImages.writeGif(List.of(first), 500, new Configuration(), file);
    SampleImages.writeGif(List.of(first, second), 500, new Configuration(), file);

    javax.imageio.ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(dir.resolve("samples.gif").toFile())) {
      reader.setInput(in);
      assertEquals(2, reader.getNumImages(true), "the second write replaced the first");
      assertArrayEquals(greyPixels(first), greyPixels(toGrey(reader.read(0))));
      assertArrayEquals(greyPixels(second), greyPixels(toGrey(reader.read(1))));
    } finally {
      reader.dispose();
    }
    assertEquals(List.of("samples.gif"), namesBesideChecksumOf(dir.resolve("samples.gif")), "no temporary file left");
  }

  private static BufferedImage toGrey(BufferedImage image) {
    BufferedImage grey = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        grey.getRaster().setSample(x, y, 0, image.getRGB(x, y) & 0xFF); // grey palette: red = green = blue
      }
    }
    return grey;
  }

  /**
   * The names in {@code file}'s folder except the local Hadoop file system's checksum of {@code file} itself
   * ({@code .<name>.crc}); a left-over temporary file, or its checksum, would show.
   */
  private static List<String> namesBesideChecksumOf(Path file) throws IOException {
    String checksum = "." + file.getFileName() + ".crc";
    try (Stream<Path> files = Files.list(file.getParent())) {
      return files.map(p -> p.getFileName().toString()).filter(name -> !name.equals(checksum)).sorted().toList();
    }
  }

  private static int[][] greyPixels(BufferedImage image) {
    int[][] pixels = new int[image.getHeight()][image.getWidth()];
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        pixels[y][x] = image.getRaster().getSample(x, y, 0);
      }
    }
    return pixels;
  }

  private static int rgbAt(BufferedImage image, int x, int y) {
    return image.getRGB(x, y) & 0xFFFFFF;
  }

  private static int rgb(int red, int green, int blue) {
    return (red << 16) | (green << 8) | blue;
  }
}
