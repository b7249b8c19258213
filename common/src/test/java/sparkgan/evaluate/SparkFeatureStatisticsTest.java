package sparkgan.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import sparkgan.LocalSpark;
import sparkgan.evaluate.metric.FeatureStatistics;
import sparkgan.model.nn.Rng;

@LocalSpark
class SparkFeatureStatisticsTest {
  private static final int N = 1000;
  private static final int D = 24;

  private static List<float[]> features() {
    Rng rng = new Rng(17);
    List<float[]> rows = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      float[] row = new float[D];
      for (int j = 0; j < D; j++) {
        row[j] = (float) (0.5 + 0.3 * rng.nextGaussian()); // Inception-like: positive mean, spread below it
      }
      rows.add(row);
    }
    return rows;
  }

  @Test
  void onePartitionAndSevenPartitionsAgree(SparkSession spark) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<float[]> rows = features();
    FeatureStatistics one = SparkFeatureStatistics.of(jsc.parallelize(rows, 1), D);
    JavaRDD<float[]> seven = jsc.parallelize(rows, 7);
    assertEquals(7, seven.getNumPartitions());
    FeatureStatistics merged = SparkFeatureStatistics.of(seven, D);
    FeatureStatistics local = new FeatureStatistics(D);
    rows.forEach(local::add);
    for (FeatureStatistics stats : List.of(merged, local)) {
      assertEquals(N, stats.count());
      assertArrayEquals(one.mean(), stats.mean(), 1e-12);
      assertArrayEquals(one.covariance(), stats.covariance(), 1e-12);
    }
  }

  @Test
  void readsAFloatArrayColumnOfADataset(SparkSession spark) {
    List<float[]> rows = features();
    List<Row> table = new ArrayList<>();
    for (float[] row : rows) {
      Float[] boxed = new Float[D];
      for (int j = 0; j < D; j++) {
        boxed[j] = row[j];
      }
      table.add(RowFactory.create("id", boxed));
    }
    StructType schema = new StructType().add("id", DataTypes.StringType)
        .add("features", DataTypes.createArrayType(DataTypes.FloatType, false));
    Dataset<Row> dataset = spark.createDataFrame(table, schema).repartition(3);
    FeatureStatistics fromTable = SparkFeatureStatistics.of(dataset, "features", D);
    FeatureStatistics local = new FeatureStatistics(D);
    rows.forEach(local::add);
    assertEquals(N, fromTable.count());
    assertArrayEquals(local.mean(), fromTable.mean(), 1e-12);
    assertArrayEquals(local.covariance(), fromTable.covariance(), 1e-12);
  }
}
