package sparkgan.distributed;

import java.io.Serializable;
import sparkgan.train.RealData;

/**
 * What one worker trains on, the one element of its partition of the cached data RDD: a shard of an image dataset
 * ({@link ImageShard}) or the parameters of a synthetic source ({@link RingShard}).
 */
public interface WorkerData extends Serializable {

  /** The worker's data source; its batch order is a function of (seed, epoch, worker) only. */
  RealData open(long seed, int worker);

  /** Identifies the content, so an executor's cached training is reused only for the same data. */
  String fingerprint();
}
