package sparkgan.evaluate;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import sparkgan.table.ImageDataset;

/**
 * The {@code stats} job's action: a dataset split's FID statistics as a TTUR/pytorch-fid {@code .npz} ({@code mu},
 * {@code sigma}), from the same cached reference features the evaluate sweep uses, so an exported file and the
 * sweep's scores always describe the same real images.
 */
public final class StatisticsExport {
  /** What was exported: rows used, the reference cache key and folder, and the file written. */
  public record Result(int rows, int dimension, String referenceKey, Path reference, Path file) {}

  private StatisticsExport() {}

  public static Result run(SparkSession spark, String dataset, String split, long limit, ExtractorSpec spec,
      int batchSize, Path out) throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    FeatureExtractor extractor = spec.open(conf);
    ReferenceFeatures.Reference reference = ReferenceFeatures.get(ImageDataset.open(spark, dataset), split, limit,
        spec, extractor, new SerializableConfiguration(conf), batchSize);
    StatisticsFile.write(out.getFileSystem(conf), out, reference.gaussian());
    return new Result(reference.features().rows(), reference.features().columns(), reference.key(),
        reference.folder(), out);
  }
}
