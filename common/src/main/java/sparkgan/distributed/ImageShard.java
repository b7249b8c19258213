package sparkgan.distributed;

import java.util.Arrays;
import sparkgan.train.InMemoryImages;
import sparkgan.train.RealData;

/**
 * One worker's images, uint8 HWC, in id order, with their labels. Built once from the dataset and kept in the
 * executor's block manager for the whole run: rounds after the first move no data.
 *
 * @param fingerprint SHA-256 of the shard's ids in order
 * @param labels each image's class, {@link InMemoryImages#NO_LABEL} for none
 * @param classes the dataset's number of classes for the split, 0 when it is not fully labelled
 */
public record ImageShard(int worker, String fingerprint, byte[][] pixels, int[] labels, int classes, int channels,
    int height, int width) implements WorkerData {
  private static final long serialVersionUID = 1L;

  @Override
  public RealData open(long seed, int worker) {
    return new InMemoryImages(Arrays.asList(pixels), labels, classes, channels, height, width, seed, worker);
  }

  public int size() {
    return pixels.length;
  }
}
