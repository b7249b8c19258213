package sparkgan.gan;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import sparkgan.model.nn.Rng;
import sparkgan.train.InMemoryImages;

/** Labelled image data for GAN tests: the bundled Fashion-MNIST sample padded to 32 pixels, and synthetic classes. */
final class TestImages {
  /** The bundled sample; the build sets sparkgan.project.dir to the project's root folder. */
  private static final Path SAMPLE = Path.of(System.getProperty("sparkgan.project.dir", ".."), "notebooks-data",
      "fashion-mnist");
  private static final int SIDE = 28;
  private static final int PADDED = 32;

  private TestImages() {}

  /**
   * The first {@code n} images of the bundled Fashion-MNIST test split with their labels, each 28x28 image centred
   * on a 32x32 black canvas (the padding of the conditional Fashion-MNIST recipe; Fashion-MNIST's background is 0).
   */
  static InMemoryImages fashionMnistPadded(int n, long seed) throws IOException {
    List<byte[]> images = new ArrayList<>(n);
    int[] labels = new int[n];
    try (DataInputStream pixels = open("t10k-images-idx3-ubyte.gz", 16);
        DataInputStream classes = open("t10k-labels-idx1-ubyte.gz", 8)) {
      int offset = (PADDED - SIDE) / 2;
      byte[] row = new byte[SIDE];
      for (int i = 0; i < n; i++) {
        byte[] image = new byte[PADDED * PADDED];
        for (int y = 0; y < SIDE; y++) {
          pixels.readFully(row);
          System.arraycopy(row, 0, image, (y + offset) * PADDED + offset, SIDE);
        }
        images.add(image);
        labels[i] = classes.readUnsignedByte();
      }
    }
    return new InMemoryImages(images, labels, 10, 1, PADDED, PADDED, seed, 0);
  }

  /**
   * {@code n} grey 32x32 images of {@code classes} classes told apart by brightness alone: class k has every pixel
   * near byte {@link #level}(k, classes), with uniform noise of +-20; labels cycle through the classes.
   */
  static InMemoryImages brightnessClasses(int n, int classes, long seed) {
    Rng rng = new Rng(seed);
    List<byte[]> images = new ArrayList<>(n);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % classes;
      byte[] image = new byte[PADDED * PADDED];
      for (int p = 0; p < image.length; p++) {
        image[p] = (byte) (level(labels[i], classes) + (int) Math.round((rng.nextDouble() * 2 - 1) * 20));
      }
      images.add(image);
    }
    return new InMemoryImages(images, labels, classes, 1, PADDED, PADDED, seed, 0);
  }

  /** The byte level of class k of {@code classes}: evenly from 30 to 225. */
  static int level(int k, int classes) {
    return 30 + k * 195 / (classes - 1);
  }

  private static DataInputStream open(String name, int header) throws IOException {
    InputStream in = new GZIPInputStream(Files.newInputStream(SAMPLE.resolve(name)));
    DataInputStream data = new DataInputStream(in);
    data.skipNBytes(header);
    return data;
  }
}
