package sparkgan.train;

import java.util.List;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import sparkgan.model.nn.Rng;
import sparkgan.table.ImageRecord;

/**
 * One worker's images held in memory as uint8 HWC, served as NCHW batches scaled to [-1, 1] (x / 127.5 - 1, the
 * tanh range). The worker visits them in epochs, each a permutation drawn from (seed, epoch, worker) alone, so the
 * example at any position of the sequence is known without replaying the ones before it. The images of one
 * process (fit-local) or of one Spark worker's shard, in a fixed order (by id).
 */
public final class InMemoryImages implements RealData {
  private final byte[][] pixels;
  private final int channels;
  private final int height;
  private final int width;
  private final long seed;
  private final int worker;
  private long orderEpoch = -1;
  private int[] order;

  /**
   * @param seed the run's seed; with {@code worker} it fixes every epoch's permutation
   * @param worker the data-parallel worker these images belong to (0 for one process)
   */
  public InMemoryImages(List<byte[]> hwcImages, int channels, int height, int width, long seed, int worker) {
    if (hwcImages.isEmpty()) {
      throw new IllegalArgumentException("Cannot train on an empty dataset");
    }
    this.pixels = hwcImages.toArray(new byte[0][]);
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.seed = seed;
    this.worker = worker;
  }

  /**
   * From rows of an {@link sparkgan.table.ImageDataset}, ordered by id as a Spark worker orders its shard, so that
   * one process trains exactly as a one-worker Spark run.
   */
  public static InMemoryImages fromRows(List<Row> rows, long seed, int worker) {
    List<ImageRecord> records = rows.stream().map(ImageRecord::fromRow)
        .sorted(java.util.Comparator.comparing(ImageRecord::id)).toList();
    List<byte[]> images = records.stream().map(ImageRecord::pixels).toList();
    ImageRecord first = records.get(0);
    return new InMemoryImages(images, first.channels(), first.height(), first.width(), seed, worker);
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
    int plane = height * width;
    float[] batch = new float[batchSize * channels * plane];
    for (int b = 0; b < batchSize; b++) {
      byte[] image = pixels[indexAt(consumed + b)];
      for (int p = 0; p < plane; p++) {
        for (int c = 0; c < channels; c++) {
          batch[(b * channels + c) * plane + p] = (image[p * channels + c] & 0xFF) / 127.5f - 1f;
        }
      }
    }
    return Nd4j.create(batch, new long[] {batchSize, channels, height, width}, 'c').castTo(type);
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
