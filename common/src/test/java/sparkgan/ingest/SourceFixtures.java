package sparkgan.ingest;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes small datasets in the real source formats with known content, for exact round-trip and bad-input tests.
 * Pixel values are pseudo-random from a seed, so every byte is checkable and no two images are alike.
 */
public final class SourceFixtures {
  private SourceFixtures() {}

  /** n images of rows x cols, pixel bytes from {@code seed}. */
  public static byte[][] randomImages(int n, int bytesPerImage, long seed) {
    Random random = new Random(seed);
    byte[][] images = new byte[n][bytesPerImage];
    for (byte[] image : images) {
      random.nextBytes(image);
    }
    return images;
  }

  public static int[] labels(int n, int classes, long seed) {
    return new Random(seed).ints(n, 0, classes).toArray();
  }

  /** IDX images file: magic 0x803, count, rows, cols, pixels. Gzipped when the name ends in .gz. */
  public static void writeIdxImages(Path file, byte[][] images, int rows, int cols) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(IdxSource.IMAGES_MAGIC);
    out.writeInt(images.length);
    out.writeInt(rows);
    out.writeInt(cols);
    for (byte[] image : images) {
      out.write(image);
    }
    write(file, bytes.toByteArray());
  }

  /** IDX labels file: magic 0x801, count, one byte per label. */
  public static void writeIdxLabels(Path file, int[] labels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(IdxSource.LABELS_MAGIC);
    out.writeInt(labels.length);
    for (int label : labels) {
      out.writeByte(label);
    }
    write(file, bytes.toByteArray());
  }

  /** Writes bytes, gzipped when the name ends in .gz. */
  public static void write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = file.toString().endsWith(".gz")
        ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(content);
    }
  }

  /** One CIFAR binary file: per record the label byte(s) then 3072 channel-planar pixel bytes. */
  public static byte[] cifarFile(byte[][] chwImages, int[] coarse, int[] fine) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < chwImages.length; i++) {
      if (coarse != null) {
        out.write(coarse[i]);
      }
      out.write(fine[i]);
      out.writeBytes(chwImages[i]);
    }
    return out.toByteArray();
  }

  /** A .tar.gz holding {@code members} (name to content) in the given order. */
  public static void writeTarGz(Path archive, List<Map.Entry<String, byte[]>> members) throws IOException {
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
        new GZIPOutputStream(Files.newOutputStream(archive)))) {
      for (Map.Entry<String, byte[]> member : members) {
        TarArchiveEntry entry = new TarArchiveEntry(member.getKey());
        entry.setSize(member.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(member.getValue());
        tar.closeArchiveEntry();
      }
    }
  }

  /** Writes an RGB image in {@code format} (png, bmp, jpg, gif) from HWC bytes. */
  public static void writeRgbImage(Path file, int height, int width, byte[] hwc, String format) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = (y * width + x) * 3;
        image.setRGB(x, y, (hwc[p] & 0xFF) << 16 | (hwc[p + 1] & 0xFF) << 8 | (hwc[p + 2] & 0xFF));
      }
    }
    Files.createDirectories(file.getParent());
    if (!ImageIO.write(image, format, file.toFile())) {
      throw new IOException("no ImageIO writer for " + format);
    }
  }

  /** Writes an 8-bit grey PNG from row-major bytes. */
  public static void writeGreyPng(Path file, int height, int width, byte[] grey) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setDataElements(0, 0, width, height, grey);
    Files.createDirectories(file.getParent());
    ImageIO.write(image, "png", file.toFile());
  }
}
