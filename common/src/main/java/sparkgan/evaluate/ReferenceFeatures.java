package sparkgan.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sparkgan.config.Sha256;
import sparkgan.config.SparkganVersion;
import sparkgan.evaluate.metric.FeatureMatrix;
import sparkgan.evaluate.metric.FeatureStatistics;
import sparkgan.evaluate.metric.Gaussian;
import sparkgan.table.CommitFailedException;
import sparkgan.table.DirectoryCommit;
import sparkgan.table.IfExists;
import sparkgan.table.ImageDataset;

/**
 * The real side of every score: features of a dataset split, computed once per key and cached beside the dataset,
 * {@code <dataset>/_reference/<key>/} holding {@code features.npy} ([N, d] float64, rows in id order),
 * {@code statistics.npz} (TTUR/pytorch-fid {@code mu}, {@code sigma}) and {@code reference.json}. The key hashes
 * everything the features depend on: the dataset's content hash, the split, the row count, the extractor's weights
 * hash and protocol (which names the layer), and the sparkgan version. The folder is committed by one rename; when
 * two sweeps compute the same key at once, the second finds the first's folder and uses it.
 */
final class ReferenceFeatures {
  static final String FOLDER = "_reference";
  static final String FEATURES = "features.npy";
  static final String STATISTICS = "statistics.npz";
  static final String DESCRIPTION = "reference.json";
  private static final Logger LOG = LoggerFactory.getLogger(ReferenceFeatures.class);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Real features of one key. */
  record Reference(String key, Path folder, String datasetPath, String split, FeatureMatrix features,
      Gaussian gaussian) {
    /** Its Gaussian under another name: FID's flags name each side (e.g. {@code few-samples:real=...}). */
    Gaussian gaussian(String name) {
      return new Gaussian(name, gaussian.mean(), gaussian.covariance(), gaussian.samples());
    }
  }

  private ReferenceFeatures() {}

  /** The cache key; {@code rows} is the number of rows used (the first ones by id). */
  static String key(String datasetSha256, String split, long rows, FeatureExtractor extractor) {
    var digest = Sha256.digest();
    for (String part : List.of("sparkgan-reference-1", datasetSha256, split, Long.toString(rows), extractor.sha256(),
        extractor.protocol(), SparkganVersion.version())) {
      digest.update(part.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Reads the cached features of the key, computing and caching them first if needed. */
  static Reference get(ImageDataset dataset, String split, long limit, ExtractorSpec spec, FeatureExtractor extractor,
      SerializableConfiguration conf, int batchSize) throws IOException {
    long rows = Math.min(limit, dataset.manifest().splitCounts().getOrDefault(split, 0L));
    String key = key(dataset.manifest().contentSha256(), split, rows, extractor);
    Path folder = new Path(new Path(dataset.path(), FOLDER), key);
    Configuration hadoop = conf.value();
    FileSystem fs = folder.getFileSystem(hadoop);
    if (!fs.exists(new Path(folder, DESCRIPTION))) {
      FeatureMatrix features = ImageFeatures.ofDataset(dataset, split, rows, spec, conf, batchSize).features();
      Gaussian gaussian = gaussian(key, features);
      Map<String, Object> description = new TreeMap<>();
      description.put("key", key);
      description.put("dataset", dataset.path());
      description.put("dataset_sha256", dataset.manifest().contentSha256());
      description.put("split", split);
      description.put("rows", features.rows());
      description.put("extractor", extractor.name());
      description.put("extractor_sha256", extractor.sha256());
      description.put("protocol", extractor.protocol());
      description.put("sparkgan_version", SparkganVersion.version());
      try {
        DirectoryCommit.write(hadoop, folder, IfExists.FAIL, (staging, dir) -> {
          Npy.write(staging, new Path(dir, FEATURES), NumpyArray.of(features.values(), features.rows(),
              features.columns()));
          StatisticsFile.write(staging, new Path(dir, STATISTICS), gaussian);
          DirectoryCommit.writeStaged(staging, new Path(dir, DESCRIPTION), JSON.writeValueAsBytes(description));
        });
      } catch (CommitFailedException e) {
        if (!fs.exists(new Path(folder, DESCRIPTION))) {
          throw e;
        }
        LOG.info("Reference {} was committed by another sweep meanwhile; using it", folder);
      }
      return new Reference(key, folder, dataset.path(), split, features, gaussian);
    }
    Path file = new Path(folder, FEATURES);
    FeatureMatrix features = Npy.read(fs, file).matrix(file.toString());
    return new Reference(key, folder, dataset.path(), split, features, gaussian(key, features));
  }

  /**
   * Mean and covariance of the features, once per reference: the covariance costs N·d² (40 GFLOP for 10,000
   * Inception features), and a sweep compares every checkpoint with the same reference.
   */
  private static Gaussian gaussian(String key, FeatureMatrix features) {
    return new FeatureStatistics(features.columns()).add(features).gaussian("reference " + key);
  }
}
