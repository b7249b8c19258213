package sparkgan.evaluate;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import sparkgan.evaluate.metric.FakeFeatures;
import sparkgan.evaluate.metric.FeatureMatrix;
import sparkgan.evaluate.metric.FeatureStatistics;
import sparkgan.evaluate.metric.Fid;
import sparkgan.evaluate.metric.FidResult;
import sparkgan.evaluate.metric.Gaussian;
import sparkgan.evaluate.metric.InceptionScore;
import sparkgan.evaluate.metric.Kid;
import sparkgan.evaluate.metric.ManifoldMetrics;
import sparkgan.evaluate.metric.MetricId;
import sparkgan.evaluate.metric.RealFeatures;

/**
 * Scores computed from numpy files on one machine, as the {@code score} and {@code fid} jobs run them: feature
 * matrices ({@code .npy}, [N, d]), FID statistics ({@code .npz} with {@code mu}, {@code sigma}) or Inception logits
 * ({@code .npy}, [N, classes]). No Spark.
 */
public final class ScoreFiles {
  private ScoreFiles() {}

  /** Whether {@code path} names FID statistics ({@code .npz}) rather than features ({@code .npy}). */
  public static boolean isStatistics(Path path) {
    return path.getName().endsWith(".npz");
  }

  /** FID, KID, precision, recall, density and coverage of two feature matrices. */
  public static Scores features(Configuration conf, Path real, Path fake, Kid.Settings kid) throws IOException {
    RealFeatures realFeatures = new RealFeatures(Npy.read(real.getFileSystem(conf), real).matrix(real.toString()));
    FakeFeatures fakeFeatures = new FakeFeatures(Npy.read(fake.getFileSystem(conf), fake).matrix(fake.toString()));
    FidResult fid = Fid.compute(gaussian("real", realFeatures.features()), gaussian("fake", fakeFeatures.features()));
    Kid.Result kidResult = Kid.compute(realFeatures, fakeFeatures, kid);
    ManifoldMetrics.Result manifold = ManifoldMetrics.compute(realFeatures, fakeFeatures,
        ManifoldMetrics.Settings.DEFAULT);
    Map<MetricId, Double> values = new EnumMap<>(MetricId.class);
    values.put(MetricId.FID, fid.value());
    values.put(MetricId.KID, kidResult.mean());
    values.put(MetricId.KID_STD, kidResult.std());
    values.put(MetricId.PRECISION, manifold.precision());
    values.put(MetricId.RECALL, manifold.recall());
    values.put(MetricId.DENSITY, manifold.density());
    values.put(MetricId.COVERAGE, manifold.coverage());
    return new Scores(values, fid.flags(), Map.of("kid_subsets", Integer.toString(kid.subsets()),
        "kid_subset_size", Integer.toString(kid.subsetSize()), "kid_seed", Long.toString(kid.seed())));
  }

  /** FID alone, when either side is a statistics file; a feature file on the other side is reduced to its Gaussian. */
  public static Scores fid(Configuration conf, Path first, Path second) throws IOException {
    FidResult fid = Fid.compute(loadGaussian(conf, first), loadGaussian(conf, second));
    return new Scores(Map.of(MetricId.FID, fid.value()), fid.flags(), Map.of());
  }

  /** Inception Score of logits [N, classes] over {@value InceptionScore#DEFAULT_SPLITS} splits in sample order. */
  public static Scores inceptionScore(Configuration conf, Path logits) throws IOException {
    InceptionScore.Result score = InceptionScore.compute(Npy.read(logits.getFileSystem(conf), logits).matrix(logits.toString()),
        InceptionScore.DEFAULT_SPLITS);
    return new Scores(Map.of(MetricId.IS_MEAN, score.mean(), MetricId.IS_STD, score.std()), List.of(),
        Map.of("is_splits", Integer.toString(InceptionScore.DEFAULT_SPLITS)));
  }

  private static Gaussian loadGaussian(Configuration conf, Path path) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    return isStatistics(path) ? StatisticsFile.read(fs, path)
        : gaussian(path.getName(), Npy.read(fs, path).matrix(path.toString()));
  }

  private static Gaussian gaussian(String name, FeatureMatrix features) {
    return new FeatureStatistics(features.columns()).add(features).gaussian(name);
  }
}
