package sparkgan.evaluate;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkgan.evaluate.metric.FeatureMatrix;
import sparkgan.evaluate.metric.FeatureStatistics;

/**
 * {@link FeatureStatistics} of feature vectors spread over a Spark dataset: one statistics object per partition
 * (rows added in blocks, one BLAS call per block), collected to the driver and merged in partition order. The merge
 * order is fixed, so the float64 sums do not depend on which task finished first, and any partitioning gives the
 * same statistics up to the rounding of a different summation order (1e-12 relative in the tests).
 *
 * <p>Not {@code treeAggregate}: its merge order follows task completion. One object of d² doubles per partition
 * reaches the driver (32 MB at d = 2048), so use partitions in the hundreds, not the tens of thousands.
 */
public final class SparkFeatureStatistics {
  /** Rows added per BLAS call: large enough for BLAS speed, 2 MB of doubles at d = 2048. */
  private static final int BLOCK_ROWS = 128;

  private SparkFeatureStatistics() {}

  /** Statistics of {@code dimension}-dimensional {@code features}. */
  public static FeatureStatistics of(JavaRDD<float[]> features, int dimension) {
    List<FeatureStatistics> parts = features.mapPartitions(rows -> List.of(partition(rows, dimension)).iterator())
        .collect();
    FeatureStatistics total = new FeatureStatistics(dimension);
    for (FeatureStatistics part : parts) { // collect() keeps partition order
      total.merge(part);
    }
    return total;
  }

  /**
   * Statistics of the vectors in column {@code column} of {@code features}, an array of float (or double, which is
   * narrowed to float, the precision of Inception features).
   */
  public static FeatureStatistics of(Dataset<Row> features, String column, int dimension) {
    JavaRDD<float[]> vectors = features.select(column).javaRDD().map(row -> toFloats(row.getList(0)));
    return of(vectors, dimension);
  }

  private static FeatureStatistics partition(Iterator<float[]> rows, int dimension) {
    FeatureStatistics statistics = new FeatureStatistics(dimension);
    double[] block = new double[BLOCK_ROWS * dimension];
    int filled = 0;
    while (rows.hasNext()) {
      float[] row = rows.next();
      if (row.length != dimension) {
        throw new IllegalArgumentException("Cannot compute feature statistics: expected " + dimension
            + "-dimensional features, got a row of " + row.length);
      }
      for (int i = 0; i < dimension; i++) {
        block[filled * dimension + i] = row[i];
      }
      if (++filled == BLOCK_ROWS) {
        statistics.add(new FeatureMatrix(filled, dimension, block));
        filled = 0;
      }
    }
    if (filled > 0) {
      double[] rest = new double[filled * dimension];
      System.arraycopy(block, 0, rest, 0, rest.length);
      statistics.add(new FeatureMatrix(filled, dimension, rest));
    }
    return statistics;
  }

  private static float[] toFloats(List<Number> list) {
    float[] floats = new float[list.size()];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = list.get(i).floatValue();
    }
    return floats;
  }
}
