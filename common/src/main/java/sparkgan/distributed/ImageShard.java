package sparkgan.distributed;

import java.util.Arrays;
import sparkgan.train.InMemoryImages;
import sparkgan.train.RealData;

/**
 * One worker's images, uint8 HWC, in id order. Built once from the dataset and kept in the executor's block
 * manager for the whole run: rounds after the first move no data.
 *
 * @param fingerprint SHA-256 of the shard's ids in order
 */
public record ImageShard(int worker, String fingerprint, byte[][] pixels, int channels, int height, int width)
    implements WorkerData {
  private static final long serialVersionUID = 1L;

  @Override
  public RealData open(long seed, int worker) {
    return new InMemoryImages(Arrays.asList(pixels), channels, height, width, seed, worker);
  }

  public int size() {
    return pixels.length;
  }
}
