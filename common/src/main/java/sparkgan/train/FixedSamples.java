package sparkgan.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import sparkgan.model.nn.Rng;

/**
 * The fixed noise of a run's sample grids (and ring scatter plots): the same latents at every sample step, so the
 * grids show one generator changing. An 8x8 grid of 64 latents; for a class-conditional generator one row per
 * class, every row the same {@value #GRID_COLUMNS} latents, so rows differ only in their label; 1000 points for the
 * ring. Drawn from the seed alone.
 *
 * @param noise [samples, latent dimension]
 * @param labels the label of each sample, or null for an unconditional generator
 */
public record FixedSamples(INDArray noise, int[] labels) {
  public static final int GRID_COLUMNS = 8;
  static final int GRID_SAMPLES = 64;
  static final int SCATTER_SAMPLES = 1000;
  private static final long SALT = 0x5A3B1E5L;

  /**
   * @param classes the classes of a class-conditional generator, 0 for an unconditional one
   * @param ring whether the data are the ring's 2-D points (a scatter plot, not a grid)
   */
  public static FixedSamples of(ExperimentConfig config, DataType type, int classes, boolean ring) {
    int count = ring ? SCATTER_SAMPLES : classes > 0 ? GRID_COLUMNS : GRID_SAMPLES;
    INDArray noise = new Rng(config.seed() ^ SALT).gaussian(type, 0, 1, count, config.model().latentDim());
    if (classes == 0) {
      return new FixedSamples(noise, null);
    }
    int[] labels = new int[classes * GRID_COLUMNS];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i / GRID_COLUMNS;
    }
    return new FixedSamples(Nd4j.tile(noise, classes, 1), labels);
  }
}
