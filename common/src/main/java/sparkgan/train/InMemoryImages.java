package sparkgan.train;

import java.util.List;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import sparkgan.model.nn.Rng;
import sparkgan.table.ImageRecord;

/**
 * One worker's images held in memory as uint8 HWC, with their labels, served as NCHW batches scaled to [-1, 1]
 * (x / 127.5 - 1, the tanh range; {@link #toNchw}). The worker visits them in epochs, each a permutation drawn from
 * (seed, epoch, worker) alone, so the example at any position of the sequence is known without replaying the ones
 * before it. The images of one process (fit-local) or of one Spark worker's shard, in a fixed order (by id).
 */
public final class InMemoryImages implements RealData {
  /** The label of an image without one. */
  public static final int NO_LABEL = -1;

  private final byte[][] pixels;
  private final int[] labels;
  private final int classes;
  private final int channels;
  private final int height;
  private final int width;
  private final long seed;
  private final int worker;
  private long orderEpoch = -1;
  private int[] order;

  /** Images without labels. */
  public InMemoryImages(List<byte[]> hwcImages, int channels, int height, int width, long seed, int worker) {
    this(hwcImages, unlabelled(hwcImages.size()), 0, channels, height, width, seed, worker);
  }

  /**
   * @param labels each image's class, in [0, classes) when {@code classes} &gt; 0; anything (e.g.
   *     {@link #NO_LABEL}) when 0
   * @param classes the number of classes of the dataset (not only of these images), 0 when unlabelled
   * @param seed the run's seed; with {@code worker} it fixes every epoch's permutation
   * @param worker the data-parallel worker these images belong to (0 for one process)
   */
  public InMemoryImages(List<byte[]> hwcImages, int[] labels, int classes, int channels, int height, int width,
      long seed, int worker) {
    if (hwcImages.isEmpty()) {
      throw new IllegalArgumentException("Cannot train on an empty dataset");
    }
    if (labels.length != hwcImages.size()) {
      throw new IllegalArgumentException("labels must be one per image (" + hwcImages.size() + "), got "
          + labels.length);
    }
    if (classes < 0) {
      throw new IllegalArgumentException("classes must be >= 0, got " + classes);
    }
    for (int i = 0; classes > 0 && i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException("label of image " + i + " must be in [0, " + classes + "), got "
            + (labels[i] == NO_LABEL ? "none" : labels[i]));
      }
    }
    this.pixels = hwcImages.toArray(new byte[0][]);
    this.labels = labels.clone();
    this.classes = classes;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.seed = seed;
    this.worker = worker;
  }

  private static int[] unlabelled(int n) {
    int[] labels = new int[n];
    java.util.Arrays.fill(labels, NO_LABEL);
    return labels;
  }

  /**
   * From rows of an {@link sparkgan.table.ImageDataset}, ordered by id as a Spark worker orders its shard, so that
   * one process trains exactly as a one-worker Spark run.
   *
   * @param classes the dataset's number of classes for the rows' split
   *     ({@link sparkgan.table.DatasetManifest#classes}), 0 to train without labels
   */
  public static InMemoryImages fromRows(List<Row> rows, int classes, long seed, int worker) {
    List<ImageRecord> records = rows.stream().map(ImageRecord::fromRow)
        .sorted(java.util.Comparator.comparing(ImageRecord::id)).toList();
    List<byte[]> images = records.stream().map(ImageRecord::pixels).toList();
    int[] labels = records.stream().mapToInt(r -> r.label() == null ? NO_LABEL : r.label()).toArray();
    ImageRecord first = records.get(0);
    return new InMemoryImages(images, labels, classes, first.channels(), first.height(), first.width(), seed,
        worker);
  }

  public int size() {
    return pixels.length;
  }

  @Override
  public long[] sampleShape() {
    return new long[] {channels, height, width};
  }

  @Override
  public INDArray next(long consumed, int batchSize, Rng stepRng, DataType type) {
    byte[][] images = new byte[batchSize][];
    for (int b = 0; b < batchSize; b++) {
      images[b] = pixels[indexAt(consumed + b)];
    }
    return toNchw(images, channels, height, width).castTo(type);
  }

  @Override
  public int classes() {
    return classes;
  }

  @Override
  public int[] labels(long consumed, int batchSize) {
    if (classes == 0) {
      throw new IllegalStateException("Cannot draw labelled batches: these images have no labels (the dataset's "
          + "split has unlabelled images, or none has a label)");
    }
    int[] batch = new int[batchSize];
    for (int b = 0; b < batchSize; b++) {
      batch[b] = labels[indexAt(consumed + b)];
    }
    return batch;
  }

  /**
   * uint8 HWC images as a float32 NCHW batch scaled to [-1, 1], x / 127.5 - 1: how training sees its data, and so
   * how anything that runs a trained network on images must present them.
   */
  public static INDArray toNchw(byte[][] hwcImages, int channels, int height, int width) {
    int plane = height * width;
    float[] batch = new float[Math.multiplyExact(hwcImages.length, channels * plane)];
    for (int b = 0; b < hwcImages.length; b++) {
      byte[] image = hwcImages[b];
      for (int p = 0; p < plane; p++) {
        for (int c = 0; c < channels; c++) {
          batch[(b * channels + c) * plane + p] = (image[p * channels + c] & 0xFF) / 127.5f - 1f;
        }
      }
    }
    return Nd4j.create(batch, new long[] {hwcImages.length, channels, height, width}, 'c');
  }

  /** The image at {@code position} of the endless sequence: epoch position / size, permuted. */
  private int indexAt(long position) {
    long epoch = position / pixels.length;
    if (epoch != orderEpoch) {
      order = permutation(pixels.length, Rng.derived(seed, Rng.Stream.EPOCH, epoch, worker));
      orderEpoch = epoch;
    }
    return order[(int) (position % pixels.length)];
  }

  private static int[] permutation(int n, Rng rng) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) { // Fisher-Yates
      int j = (int) (rng.nextDouble() * (i + 1));
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
