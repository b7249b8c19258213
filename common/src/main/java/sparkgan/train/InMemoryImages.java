package sparkgan.train;

import java.util.List;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import sparkgan.model.nn.Rng;
import sparkgan.table.ImageRecord;

/**
 * Images held in memory as uint8 HWC, served as NCHW batches scaled to [-1, 1] (x / 127.5 - 1, the tanh range),
 * in epochs of a fresh random permutation. For local training and tests; the Spark train job reads partitions.
 */
public final class InMemoryImages implements RealData {
  private final byte[][] pixels;
  private final int channels;
  private final int height;
  private final int width;
  private int[] order;
  private int position;

  public InMemoryImages(List<byte[]> hwcImages, int channels, int height, int width) {
    if (hwcImages.isEmpty()) {
      throw new IllegalArgumentException("Cannot train on an empty dataset");
    }
    this.pixels = hwcImages.toArray(new byte[0][]);
    this.channels = channels;
    this.height = height;
    this.width = width;
  }

  /** From rows of an {@link sparkgan.table.ImageDataset}. */
  public static InMemoryImages fromRows(List<Row> rows) {
    List<byte[]> images = rows.stream().map(r -> ImageRecord.fromRow(r).pixels()).toList();
    ImageRecord first = ImageRecord.fromRow(rows.get(0));
    return new InMemoryImages(images, first.channels(), first.height(), first.width());
  }

  public int size() {
    return pixels.length;
  }

  @Override
  public long[] sampleShape() {
    return new long[] {channels, height, width};
  }

  @Override
  public INDArray next(int batchSize, Rng rng, DataType type) {
    int plane = height * width;
    float[] batch = new float[batchSize * channels * plane];
    for (int b = 0; b < batchSize; b++) {
      byte[] image = pixels[nextIndex(rng)];
      for (int p = 0; p < plane; p++) {
        for (int c = 0; c < channels; c++) {
          batch[(b * channels + c) * plane + p] = (image[p * channels + c] & 0xFF) / 127.5f - 1f;
        }
      }
    }
    return Nd4j.create(batch, new long[] {batchSize, channels, height, width}, 'c').castTo(type);
  }

  private int nextIndex(Rng rng) {
    if (order == null || position == order.length) {
      order = new int[pixels.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      for (int i = order.length - 1; i > 0; i--) { // Fisher-Yates
        int j = (int) (rng.nextDouble() * (i + 1));
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      position = 0;
    }
    return order[position++];
  }
}
