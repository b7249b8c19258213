package sparkgan.evaluate.metric;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import sparkgan.config.ConfigException;

/**
 * Precision and recall (Kynkäänniemi et al. 2019, "Improved Precision and Recall Metric for Assessing Generative
 * Models") and density and coverage (Naeem et al. 2020, "Reliable Fidelity and Diversity Metrics for Generative
 * Models"), from k-nearest-neighbour balls around feature vectors, as the authors' code defines them.
 *
 * <ul>
 *   <li>The radius of a sample is the distance to its k-th nearest neighbour in its own set, itself excluded (prdc's
 *       k+1-th smallest distance including the zero to itself; a duplicate of a sample still counts, at 0).
 *   <li><b>precision</b> (k = 3): share of fake x with d(x, r) ≤ radius(r) for some real r (inside the real manifold);
 *       <b>recall</b> (k = 3): share of real r with d(r, x) ≤ radius(x) for some fake x. Closed balls, as
 *       Kynkäänniemi et al.'s {@code distance <= radius}.
 *   <li><b>density</b> (k = 5): the number of (fake x, real r) pairs with d(x, r) &lt; radius(r), divided by k times the
 *       number of fakes; <b>coverage</b> (k = 5): share of real r whose nearest fake is closer than radius(r). Open
 *       balls, as prdc's strict {@code <}.
 * </ul>
 *
 * <p><b>Block-wise, no distance matrix.</b> An N x M matrix of distances does not fit in memory at the reference's
 * 50,000 samples. Everything is computed from two pure functions over a block of rows against all rows of a set:
 * {@link #neighbours} (the k smallest distances within a set) and {@link #cross} (each row's membership in the
 * other set's balls and its nearest distance). {@link #compute} runs the blocks and concatenates their per-row results
 * in row order; a Spark job can run the same blocks on executors and concatenate the same way. Each distance is one
 * sum of squared differences in a fixed order, the same whatever block it falls in, so the result does not depend on
 * the block size or on where a block ran. Distances are compared squared (a monotone map, and one rounding less).
 */
public final class ManifoldMetrics {
  /**
   * Rows of a block visited together against each column, so that a column is read from memory once per tile, not
   * once per row: 16 rows of 2048 doubles (256 KB) stay in a core's L2 cache. Only the visiting order changes; each
   * distance is computed the same way.
   */
  private static final int TILE_ROWS = 16;

  private ManifoldMetrics() {}

  /**
   * @param precisionRecallK k of precision and recall (the paper's 3)
   * @param densityCoverageK k of density and coverage (the paper's 5)
   * @param blockRows rows per block: memory and parallelism only; the result is the same for every value
   */
  public record Settings(int precisionRecallK, int densityCoverageK, int blockRows) {
    public static final Settings DEFAULT = new Settings(3, 5, 256);

    public Settings {
      if (precisionRecallK < 1) {
        throw ConfigException.invalid("precision-recall-k", ">= 1", precisionRecallK);
      }
      if (densityCoverageK < 1) {
        throw ConfigException.invalid("density-coverage-k", ">= 1", densityCoverageK);
      }
      if (blockRows < 1) {
        throw ConfigException.invalid("block-rows", ">= 1", blockRows);
      }
    }
  }

  public record Result(double precision, double recall, double density, double coverage) {}

  /**
   * Per-row results of {@link #cross} for a block of rows against all columns.
   *
   * @param insideClosed whether the row lies in some column's closed ball (d ≤ closed radius)
   * @param withinOpen how many columns' open balls hold the row (d &lt; open radius)
   * @param nearest squared distance to the nearest column
   */
  public record CrossRows(boolean[] insideClosed, int[] withinOpen, double[] nearest) implements java.io.Serializable {}

  /**
   * Runs independent blocks of work and returns their results in block order: in this JVM's threads
   * ({@link #LOCAL}) or as Spark tasks. Where a block runs cannot change its result.
   */
  public interface BlockRunner {
    <T extends java.io.Serializable> List<T> map(int blocks, Block<T> block);
  }

  /** One block's work; serializable, so that it can travel to a Spark executor with the features it reads. */
  @FunctionalInterface
  public interface Block<T> extends java.io.Serializable {
    T run(int index);
  }

  /** Blocks on a parallel stream of this JVM. */
  public static final BlockRunner LOCAL = new BlockRunner() {
    @Override
    public <T extends java.io.Serializable> List<T> map(int blocks, Block<T> block) {
      return IntStream.range(0, blocks).parallel().mapToObj(block::run).toList();
    }
  };

  public static Result compute(RealFeatures real, FakeFeatures fake, Settings settings) {
    return compute(real, fake, settings, LOCAL);
  }

  /** {@link #compute(RealFeatures, FakeFeatures, Settings)} with its row blocks run by {@code runner}. */
  public static Result compute(RealFeatures real, FakeFeatures fake, Settings settings, BlockRunner runner) {
    FeatureMatrix r = real.features();
    FeatureMatrix f = fake.features();
    if (r.columns() != f.columns()) {
      throw new IllegalArgumentException("Cannot compute precision/recall: real features are " + r.columns()
          + "-dimensional, fake features " + f.columns() + "-dimensional");
    }
    int k = Math.max(settings.precisionRecallK(), settings.densityCoverageK());
    for (FeatureMatrix set : List.of(r, f)) {
      if (set.rows() <= k) {
        throw new IllegalArgumentException("Cannot compute precision/recall/density/coverage: k = " + k
            + " neighbours need at least " + (k + 1) + " samples in each set, got " + r.rows() + " real and "
            + f.rows() + " fake");
      }
    }
    double[][] realNeighbours = allNeighbours(r, k, settings.blockRows(), runner);
    double[][] fakeNeighbours = allNeighbours(f, k, settings.blockRows(), runner);
    double[] realRadiusPr = column(realNeighbours, settings.precisionRecallK() - 1);
    double[] realRadiusDc = column(realNeighbours, settings.densityCoverageK() - 1);
    double[] fakeRadiusPr = column(fakeNeighbours, settings.precisionRecallK() - 1);
    double[] fakeRadiusDc = column(fakeNeighbours, settings.densityCoverageK() - 1);

    CrossRows fakeRows = allCross(f, r, realRadiusPr, realRadiusDc, settings.blockRows(), runner);
    CrossRows realRows = allCross(r, f, fakeRadiusPr, fakeRadiusDc, settings.blockRows(), runner);
    long precise = 0;
    long within = 0;
    for (int i = 0; i < f.rows(); i++) {
      precise += fakeRows.insideClosed()[i] ? 1 : 0;
      within += fakeRows.withinOpen()[i];
    }
    long recalled = 0;
    long covered = 0;
    for (int i = 0; i < r.rows(); i++) {
      recalled += realRows.insideClosed()[i] ? 1 : 0;
      covered += realRows.nearest()[i] < realRadiusDc[i] ? 1 : 0;
    }
    return new Result((double) precise / f.rows(), (double) recalled / r.rows(),
        (double) within / ((double) settings.densityCoverageK() * f.rows()), (double) covered / r.rows());
  }

  /**
   * The {@code k} smallest squared distances, ascending, from each of rows [{@code from}, {@code to}) of {@code set}
   * to the other rows of {@code set} (a row is not its own neighbour). Result [to - from][k].
   */
  public static double[][] neighbours(FeatureMatrix set, int from, int to, int k) {
    int d = set.columns();
    double[] values = set.values();
    double[][] result = new double[to - from][k];
    for (double[] nearest : result) {
      Arrays.fill(nearest, Double.POSITIVE_INFINITY);
    }
    for (int tile = from; tile < to; tile += TILE_ROWS) {
      int tileEnd = Math.min(to, tile + TILE_ROWS);
      for (int other = 0; other < set.rows(); other++) {
        for (int row = tile; row < tileEnd; row++) {
          if (other != row) {
            insert(result[row - from], squaredDistance(values, row * d, values, other * d, d));
          }
        }
      }
    }
    return result;
  }

  /**
   * Rows [{@code from}, {@code to}) of {@code rows} against every row ("column") of {@code columns}, whose ball
   * radii (squared) are {@code closedRadii} and {@code openRadii}.
   */
  public static CrossRows cross(FeatureMatrix rows, int from, int to, FeatureMatrix columns, double[] closedRadii,
      double[] openRadii) {
    int d = rows.columns();
    int n = to - from;
    boolean[] inside = new boolean[n];
    int[] within = new int[n];
    double[] nearest = new double[n];
    Arrays.fill(nearest, Double.POSITIVE_INFINITY);
    for (int tile = from; tile < to; tile += TILE_ROWS) {
      int tileEnd = Math.min(to, tile + TILE_ROWS);
      for (int c = 0; c < columns.rows(); c++) {
        for (int row = tile; row < tileEnd; row++) {
          double distance = squaredDistance(rows.values(), row * d, columns.values(), c * d, d);
          int i = row - from;
          inside[i] |= distance <= closedRadii[c];
          within[i] += distance < openRadii[c] ? 1 : 0;
          nearest[i] = Math.min(nearest[i], distance);
        }
      }
    }
    return new CrossRows(inside, within, nearest);
  }

  private static double[][] allNeighbours(FeatureMatrix set, int k, int blockRows, BlockRunner runner) {
    List<double[][]> blocks = runner.map(blocks(set.rows(), blockRows),
        b -> neighbours(set, b * blockRows, Math.min(set.rows(), (b + 1) * blockRows), k));
    return blocks.stream().flatMap(Arrays::stream).toArray(double[][]::new);
  }

  private static CrossRows allCross(FeatureMatrix rows, FeatureMatrix columns, double[] closedRadii,
      double[] openRadii, int blockRows, BlockRunner runner) {
    List<CrossRows> blocks = runner.map(blocks(rows.rows(), blockRows),
        b -> cross(rows, b * blockRows, Math.min(rows.rows(), (b + 1) * blockRows), columns, closedRadii,
            openRadii));
    boolean[] inside = new boolean[rows.rows()];
    int[] within = new int[rows.rows()];
    double[] nearest = new double[rows.rows()];
    int offset = 0;
    for (CrossRows block : blocks) {
      int n = block.nearest().length;
      System.arraycopy(block.insideClosed(), 0, inside, offset, n);
      System.arraycopy(block.withinOpen(), 0, within, offset, n);
      System.arraycopy(block.nearest(), 0, nearest, offset, n);
      offset += n;
    }
    return new CrossRows(inside, within, nearest);
  }

  private static int blocks(int rows, int blockRows) {
    return (rows + blockRows - 1) / blockRows;
  }

  private static double[] column(double[][] neighbours, int index) {
    double[] radii = new double[neighbours.length];
    for (int i = 0; i < radii.length; i++) {
      radii[i] = neighbours[i][index];
    }
    return radii;
  }

  /** Inserts {@code value} into the ascending array {@code smallest} if it is smaller than its last element. */
  private static void insert(double[] smallest, double value) {
    int i = smallest.length - 1;
    if (!(value < smallest[i])) {
      return;
    }
    while (i > 0 && smallest[i - 1] > value) {
      smallest[i] = smallest[i - 1];
      i--;
    }
    smallest[i] = value;
  }

  /**
   * Σ (a_i - b_i)² in a fixed order: four interleaved partial sums (so the CPU can overlap them), added at the end.
   * The same two vectors give the same bits wherever this is called from.
   */
  static double squaredDistance(double[] a, int aOffset, double[] b, int bOffset, int d) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < d; i += 4) {
      double t0 = a[aOffset + i] - b[bOffset + i];
      double t1 = a[aOffset + i + 1] - b[bOffset + i + 1];
      double t2 = a[aOffset + i + 2] - b[bOffset + i + 2];
      double t3 = a[aOffset + i + 3] - b[bOffset + i + 3];
      s0 += t0 * t0;
      s1 += t1 * t1;
      s2 += t2 * t2;
      s3 += t3 * t3;
    }
    for (; i < d; i++) {
      double t = a[aOffset + i] - b[bOffset + i];
      s0 += t * t;
    }
    return (s0 + s1) + (s2 + s3);
  }
}
