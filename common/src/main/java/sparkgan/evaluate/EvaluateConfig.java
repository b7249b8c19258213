package sparkgan.evaluate;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import sparkgan.config.ConfigException;
import sparkgan.evaluate.metric.Kid;

/**
 * What an evaluation sweep scores and how.
 *
 * @param runs globs of run folders, trial folders or results folders; every trial beneath (up to two levels) with
 *     complete checkpoints is swept
 * @param table the results table (created on first commit)
 * @param metrics metric groups to compute: fid, kid, is, pr (precision and recall), dc (density and coverage)
 * @param samples generated images per checkpoint and seed (the table's {@code n_fake})
 * @param seeds sample seeds 0 to seeds − 1, each its own row
 * @param realSplit the split real features come from; empty: the split the run trained on
 * @param realSamples real rows used, the first ones by id (at most the split's size)
 * @param batchSize images per extractor call
 */
public record EvaluateConfig(List<String> runs, String table, ExtractorSpec extractor, Set<MetricGroup> metrics,
    int samples, int seeds, Optional<String> realSplit, long realSamples, int kidSubsets, int kidSubsetSize,
    int batchSize) {

  /** The metric groups of {@code --metrics}. */
  public enum MetricGroup {
    FID, KID, IS, PR, DC;

    public static MetricGroup parse(String text) {
      try {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ConfigException.invalid("--metrics", "a comma-separated list of fid, kid, is, pr, dc", text);
      }
    }
  }

  public static final int DEFAULT_SAMPLES = 10_000;
  public static final int DEFAULT_BATCH = 50;

  public EvaluateConfig {
    runs = List.copyOf(runs);
    metrics = Set.copyOf(EnumSet.copyOf(metrics));
    if (runs.isEmpty()) {
      throw new ConfigException("--runs", "Cannot evaluate: give at least one --runs glob.");
    }
    if (table.isBlank()) {
      throw ConfigException.invalid("--table", "a path", table);
    }
    if (samples < 2) {
      throw ConfigException.invalid("--samples", ">= 2", samples);
    }
    if (seeds < 1) {
      throw ConfigException.invalid("--seeds", ">= 1", seeds);
    }
    if (realSamples < 2) {
      throw ConfigException.invalid("--real-samples", ">= 2", realSamples);
    }
    if (batchSize < 1) {
      throw ConfigException.invalid("--batch-size", ">= 1", batchSize);
    }
    if (metrics.contains(MetricGroup.KID)) {
      new Kid.Settings(kidSubsets, kidSubsetSize, 0); // validates both
      if (kidSubsetSize > Math.min(samples, realSamples)) {
        throw ConfigException.invalid("--kid-subset-size", "at most the samples of each set ("
            + Math.min(samples, realSamples) + ")", kidSubsetSize);
      }
    }
  }

  /** All five metric groups. */
  public static Set<MetricGroup> allMetrics() {
    return EnumSet.allOf(MetricGroup.class);
  }
}
