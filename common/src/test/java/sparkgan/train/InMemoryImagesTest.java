package sparkgan.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.model.nn.Rng;

/** Labels travel with their images through every epoch's permutation. */
class InMemoryImagesTest {
  private static final int N = 7;
  private static final int CLASSES = 3;

  /** Image i: 2x2 grey, every pixel 30·i + 5, so an image's label (i mod 3) can be read back from its pixels. */
  private static List<byte[]> images() {
    List<byte[]> images = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      byte[] pixels = new byte[4];
      java.util.Arrays.fill(pixels, (byte) (30 * i + 5));
      images.add(pixels);
    }
    return images;
  }

  private static int[] labels() {
    int[] labels = new int[N];
    for (int i = 0; i < N; i++) {
      labels[i] = i % CLASSES;
    }
    return labels;
  }

  /** The index of the image a batch row shows, from its first pixel (x / 127.5 - 1 inverted). */
  private static int imageOf(INDArray batch, int row) {
    long value = Math.round((batch.getDouble(row, 0, 0, 0) + 1) * 127.5);
    assertEquals(5, (value - 5) % 30 + 5, "pixel value " + value + " is one of the fixture's");
    return (int) ((value - 5) / 30);
  }

  @Test
  void everyBatchLabelIsItsImagesAcrossEpochBoundaries() {
    InMemoryImages data = new InMemoryImages(images(), labels(), CLASSES, 1, 2, 2, 42, 1);
    assertEquals(CLASSES, data.classes());
    List<Integer> seen = new ArrayList<>();
    int batchSize = 5;
    for (long consumed = 0; consumed < 4 * N; consumed += batchSize) { // 28 examples: four epochs, crossed mid-batch
      INDArray batch = data.next(consumed, batchSize, new Rng(0), DataType.FLOAT);
      int[] labels = data.labels(consumed, batchSize);
      assertEquals(batchSize, labels.length);
      for (int b = 0; b < batchSize; b++) {
        int image = imageOf(batch, b);
        assertEquals(image % CLASSES, labels[b], "label of row " + b + " at position " + (consumed + b));
        seen.add(image);
      }
    }
    for (int epoch = 0; epoch < 4; epoch++) {
      assertEquals(new TreeSet<>(List.of(0, 1, 2, 3, 4, 5, 6)), new TreeSet<>(seen.subList(epoch * N, epoch * N + N)),
          "epoch " + epoch + " visits every image once");
    }
    // Negative control: the epochs are shuffled differently, so matching labels is not a coincidence of order.
    assertTrue(!seen.subList(0, N).equals(seen.subList(N, 2 * N)), "epochs 0 and 1 in the same order: " + seen);
    // A batch is a pure function of the position: asking again, or in another split into batches, gives the same.
    assertArrayEquals(data.labels(9, 6), java.util.Arrays.copyOfRange(concat(data.labels(9, 3), data.labels(12, 3)),
        0, 6));
  }

  private static int[] concat(int[] a, int[] b) {
    int[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  @Test
  void unlabelledImagesRefuseLabelsAndBadLabelsAreRefused() {
    InMemoryImages unlabelled = new InMemoryImages(images(), 1, 2, 2, 42, 0);
    assertEquals(0, unlabelled.classes());
    IllegalStateException none = assertThrows(IllegalStateException.class, () -> unlabelled.labels(0, 2));
    assertTrue(none.getMessage().startsWith("Cannot draw labelled batches: these images have no labels"),
        none.getMessage());
    int[] labels = labels();
    labels[4] = InMemoryImages.NO_LABEL;
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> new InMemoryImages(images(), labels, CLASSES, 1, 2, 2, 42, 0));
    assertEquals("label of image 4 must be in [0, 3), got none", missing.getMessage());
    labels[4] = 3;
    IllegalArgumentException outOfRange = assertThrows(IllegalArgumentException.class,
        () -> new InMemoryImages(images(), labels, CLASSES, 1, 2, 2, 42, 0));
    assertEquals("label of image 4 must be in [0, 3), got 3", outOfRange.getMessage());
  }
}
