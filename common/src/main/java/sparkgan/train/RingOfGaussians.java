package sparkgan.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import sparkgan.model.nn.Rng;

/**
 * The 2-D mixture of 8 Gaussians on a circle, the standard test of mode collapse (Metz et al. 2017): modes at
 * angles 2 pi k / 8 on a circle of the given radius, each isotropic with the given standard deviation, equally
 * likely. {@link #coverage} counts how many modes a generator reaches and how many of its samples are good.
 */
public final class RingOfGaussians implements RealData {
  public static final int MODES = 8;
  static final long[] SAMPLE_SHAPE = {2};
  /** A sample is "high quality" within this many standard deviations of a mode centre (Srivastava et al. 2017). */
  public static final double QUALITY_RADIUS_STD = 3.0;
  /** A mode counts as covered when at least this share of the samples are high-quality samples of it. */
  public static final double COVERED_SHARE = 0.01;

  private final double radius;
  private final double std;

  public RingOfGaussians(double radius, double std) {
    this.radius = radius;
    this.std = std;
  }

  @Override
  public long[] sampleShape() {
    return SAMPLE_SHAPE.clone();
  }

  public double[][] centres() {
    double[][] centres = new double[MODES][2];
    for (int k = 0; k < MODES; k++) {
      centres[k][0] = radius * Math.cos(2 * Math.PI * k / MODES);
      centres[k][1] = radius * Math.sin(2 * Math.PI * k / MODES);
    }
    return centres;
  }

  @Override
  public INDArray next(long consumed, int batchSize, Rng rng, DataType type) {
    double[][] centres = centres();
    double[][] points = new double[batchSize][2];
    for (int i = 0; i < batchSize; i++) {
      int mode = (int) (rng.nextDouble() * MODES);
      points[i][0] = centres[mode][0] + std * rng.nextGaussian();
      points[i][1] = centres[mode][1] + std * rng.nextGaussian();
    }
    return Nd4j.createFromArray(points).castTo(type);
  }

  /** How well samples cover the ring. */
  public record Coverage(int modesCovered, double highQualityShare, int[] highQualityPerMode) {}

  public Coverage coverage(INDArray samples) {
    double[][] centres = centres();
    double[][] points = samples.castTo(DataType.DOUBLE).toDoubleMatrix();
    int[] perMode = new int[MODES];
    int good = 0;
    for (double[] p : points) {
      for (int k = 0; k < MODES; k++) {
        if (Math.hypot(p[0] - centres[k][0], p[1] - centres[k][1]) <= QUALITY_RADIUS_STD * std) {
          perMode[k]++;
          good++;
          break;
        }
      }
    }
    int covered = 0;
    for (int count : perMode) {
      if (count >= COVERED_SHARE * points.length) {
        covered++;
      }
    }
    return new Coverage(covered, (double) good / points.length, perMode);
  }
}
