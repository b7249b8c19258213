package sparkgan.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.table.AtomicFile;
import sparkgan.table.IfExists;

/**
 * Pictures of what a generator produces, for a person to look at during training: a grid of generated images, or
 * a scatter plot of generated 2-D points against the modes of a synthetic mixture (the usual mode-collapse check).
 * Plain Java2D and ImageIO so that it runs anywhere the training loop runs (driver or executor, headless), and
 * {@link #writePng} goes through the Hadoop file system API so that samples land next to checkpoints on hdfs: or
 * s3a: as well as on local disk.
 *
 * <p>Pixels are written into the raster directly rather than through {@code setRGB} or {@code Graphics2D}
 * wherever the value matters: {@code setRGB} on a grey image converts through the sRGB and linear-grey colour
 * spaces and would change the stored byte values.
 */
public final class SampleImages {
  /** Black gap between neighbouring tiles of a {@link #grid}, in pixels. */
  public static final int GRID_BORDER = 2;

  static final Color SCATTER_BACKGROUND = Color.WHITE;
  static final Color SCATTER_AXES = new Color(0xD3, 0xD3, 0xD3);
  static final Color SCATTER_MODE = new Color(0xE0, 0x10, 0x10);
  static final Color SCATTER_POINT = new Color(0x00, 0x20, 0x8C);

  private SampleImages() {}

  /**
   * Tiles a batch of images row-major, {@code columns} to a row, {@value #GRID_BORDER} black pixels between
   * neighbouring tiles (none around the outside). Cells after the last image are left black.
   *
   * @param images [N, C, H, W] with C = 1 (grey) or 3 (RGB) and values in [-1, 1], as a tanh output layer gives
   *     them; each value becomes the byte round((x + 1) * 127.5) (half up, so 0 gives 128), clamped to [0, 255]
   *     (NaN gives 0)
   * @param columns tiles per row; the grid has ceil(N / columns) rows
   * @return {@link BufferedImage#TYPE_BYTE_GRAY} for C = 1, {@link BufferedImage#TYPE_INT_RGB} for C = 3
   */
  public static BufferedImage grid(INDArray images, int columns) {
    if (images.rank() != 4) {
      throw new IllegalArgumentException("Cannot tile images shaped " + Arrays.toString(images.shape())
          + ": expected [N, C, H, W]");
    }
    long count = images.size(0);
    int channels = Math.toIntExact(images.size(1));
    int height = Math.toIntExact(images.size(2));
    int width = Math.toIntExact(images.size(3));
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("Cannot tile images with " + channels + " channels: only 1 (grey) or 3 (RGB)");
    }
    if (count == 0 || height == 0 || width == 0) {
      throw new IllegalArgumentException("Cannot tile an empty batch " + Arrays.toString(images.shape()));
    }
    if (columns < 1) {
      throw new IllegalArgumentException("A grid needs at least one column, got " + columns);
    }
    int rows = Math.toIntExact((count + columns - 1) / columns);
    int gridWidth = Math.addExact(Math.multiplyExact(columns, width), (columns - 1) * GRID_BORDER);
    int gridHeight = Math.addExact(Math.multiplyExact(rows, height), (rows - 1) * GRID_BORDER);
    BufferedImage grid = new BufferedImage(gridWidth, gridHeight,
        channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    WritableRaster raster = grid.getRaster(); // starts all zero: black borders and empty cells

    // One C-order copy in float64: views, other orders and float32 all read the same way below.
    double[] values = images.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    int planeSize = height * width;
    for (int n = 0; n < count; n++) {
      int left = (n % columns) * (width + GRID_BORDER);
      int top = (n / columns) * (height + GRID_BORDER);
      for (int c = 0; c < channels; c++) {
        int plane = (n * channels + c) * planeSize;
        for (int y = 0; y < height; y++) {
          for (int x = 0; x < width; x++) {
            // For TYPE_INT_RGB the raster's bands are red, green, blue: channel c is band c.
            raster.setSample(left + x, top + y, c, toByte(values[plane + y * width + x]));
          }
        }
      }
    }
    return grid;
  }

  /**
   * A tanh-range value as a pixel byte: round((x + 1) * 127.5), half up, clamped to [0, 255]; NaN is 0. The inverse
   * of the training input map x / 127.5 - 1 on every byte, so generated images can be scored as real ones are.
   */
  public static int toByte(double value) {
    long rounded = Math.round((value + 1) * 127.5); // Math.round is floor(v + 0.5): 127.5 -> 128; NaN -> 0
    return (int) Math.max(0, Math.min(255, rounded));
  }

  /**
   * Plots 2-D points on a white square canvas covering [-extent, extent]^2, with y pointing up: light-grey axes
   * through the origin, each mode centre as a red ring and each point as a small dark-blue square dot on top.
   * Points outside the canvas (or not finite) are not drawn.
   *
   * <p>A point (x, y) falls in pixel column floor((x + extent) / (2 extent) * size) and row floor((extent - y) /
   * (2 extent) * size); its dot is the square of side 2r + 1 centred on that pixel, r = max(1, size / 256).
   *
   * @param points [N, 2]
   * @param modeCentres the centres of the target distribution's modes, each {x, y}; may be empty
   */
  public static BufferedImage scatter(INDArray points, double[][] modeCentres, double extent, int sizePixels) {
    if (points.rank() != 2 || points.size(1) != 2) {
      throw new IllegalArgumentException("Cannot plot points shaped " + Arrays.toString(points.shape())
          + ": expected [N, 2]");
    }
    if (!(extent > 0) || Double.isInfinite(extent)) {
      throw new IllegalArgumentException("The plot extent must be positive and finite, got " + extent);
    }
    if (sizePixels < 2) {
      throw new IllegalArgumentException("The plot must be at least 2 pixels wide, got " + sizePixels);
    }
    for (double[] centre : modeCentres) {
      if (centre.length != 2) {
        throw new IllegalArgumentException("A mode centre is {x, y}, got " + Arrays.toString(centre));
      }
    }
    BufferedImage canvas = new BufferedImage(sizePixels, sizePixels, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas.createGraphics();
    try {
      double pixelsPerUnit = sizePixels / (2 * extent);
      g.setColor(SCATTER_BACKGROUND);
      g.fillRect(0, 0, sizePixels, sizePixels);

      int originColumn = (int) Math.floor(extent * pixelsPerUnit);
      g.setColor(SCATTER_AXES);
      g.fillRect(originColumn, 0, 1, sizePixels);
      g.fillRect(0, originColumn, sizePixels, 1); // the origin's row: the canvas is square and centred

      // Rings are the only curves: antialias them, but nothing else, so that dots keep their exact colour.
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(SCATTER_MODE);
      g.setStroke(new BasicStroke(Math.max(2f, sizePixels / 200f)));
      double ringRadius = Math.max(4, sizePixels / 40.0);
      for (double[] centre : modeCentres) {
        double u = (centre[0] + extent) * pixelsPerUnit;
        double v = (extent - centre[1]) * pixelsPerUnit;
        g.draw(new Ellipse2D.Double(u - ringRadius, v - ringRadius, 2 * ringRadius, 2 * ringRadius));
      }
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);

      g.setColor(SCATTER_POINT);
      int dotRadius = Math.max(1, sizePixels / 256);
      double[] xy = points.castTo(DataType.DOUBLE).dup('c').data().asDouble();
      for (int i = 0; i + 1 < xy.length; i += 2) {
        double u = (xy[i] + extent) * pixelsPerUnit;
        double v = (extent - xy[i + 1]) * pixelsPerUnit;
        if (u >= 0 && u < sizePixels && v >= 0 && v < sizePixels) { // false for NaN too
          int column = (int) Math.floor(u);
          int row = (int) Math.floor(v);
          g.fillRect(column - dotRadius, row - dotRadius, 2 * dotRadius + 1, 2 * dotRadius + 1);
        }
      }
    } finally {
      g.dispose();
    }
    return canvas;
  }

  /**
   * Writes {@code image} as a PNG file through the Hadoop file system API, as one {@link AtomicFile}: no reader
   * ever sees a half-written PNG under the final name, and an existing file is never overwritten (samples are a
   * record of the run).
   *
   * @throws FileAlreadyExistsException {@code file} exists; it is left as it was
   * @throws IOException the file system failed, or ImageIO has no PNG writer for this image type
   */
  public static void writePng(BufferedImage image, Configuration conf, Path file) throws IOException {
    byte[] png = encodePng(image);
    AtomicFile.write(conf, file, IfExists.FAIL, out -> out.write(png));
  }

  /**
   * Writes {@code frames} as one looping animated GIF, {@code delayMillis} per frame, replacing {@code file} in
   * one rename: the GIF of a run's sample grids is rewritten at every checkpoint and always readable.
   */
  public static void writeGif(List<BufferedImage> frames, int delayMillis, Configuration conf, Path file)
      throws IOException {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("Cannot write a GIF of no frames: " + file);
    }
    byte[] gif = encodeGif(frames, delayMillis);
    AtomicFile.write(conf, file, IfExists.REPLACE, out -> out.write(gif));
  }

  private static byte[] encodeGif(List<BufferedImage> frames, int delayMillis) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      for (BufferedImage frame : frames) {
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame),
            null);
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(Math.max(1, delayMillis / 10))); // hundredths of a second
        control.setAttribute("transparentColorIndex", "0");
        // The NETSCAPE2.0 application extension makes viewers loop: sub-block 1, loop count 0 (forever).
        IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
        loop.setAttribute("applicationID", "NETSCAPE");
        loop.setAttribute("authenticationCode", "2.0");
        loop.setUserObject(new byte[] {1, 0, 0});
        child(root, "ApplicationExtensions").appendChild(loop);
        metadata.setFromTree(format, root);
        writer.writeToSequence(new IIOImage(frame, null, metadata), null);
      }
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static IIOMetadataNode child(IIOMetadataNode root, String name) {
    for (int i = 0; i < root.getLength(); i++) {
      if (root.item(i).getNodeName().equals(name)) {
        return (IIOMetadataNode) root.item(i);
      }
    }
    IIOMetadataNode node = new IIOMetadataNode(name);
    root.appendChild(node);
    return node;
  }

  private static byte[] encodePng(BufferedImage image) throws IOException {
    // A memory-cached stream: ImageIO's default for an OutputStream may spill to a temporary file on local disk.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      if (!ImageIO.write(image, "png", out)) {
        throw new IOException("ImageIO has no PNG writer for images of type " + image.getType());
      }
    }
    return bytes.toByteArray();
  }
}
