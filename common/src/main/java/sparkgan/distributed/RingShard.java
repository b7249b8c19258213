package sparkgan.distributed;

import sparkgan.train.RealData;
import sparkgan.train.RingOfGaussians;

/** The 2-D ring of Gaussians: every worker draws its own points from its step streams; nothing to shard. */
public record RingShard(double radius, double std) implements WorkerData {
  private static final long serialVersionUID = 1L;

  @Override
  public RealData open(long seed, int worker) {
    return new RingOfGaussians(radius, std);
  }

  @Override
  public String fingerprint() {
    return "ring(" + radius + "," + std + ")";
  }
}
