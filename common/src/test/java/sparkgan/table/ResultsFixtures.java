package sparkgan.table;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import sparkgan.table.ResultsTable.CellKey;
import sparkgan.table.ResultsTable.Score;

/** Scores for tests of the results table and what reads it: every field derived from the cell, so rows differ. */
public final class ResultsFixtures {
  public static final String INCEPTION = "inception-v3";
  public static final String INCEPTION_SHA = "ab".repeat(32);
  public static final String PROTOCOL = "tf-2015";
  public static final long N_FAKE = 10_000;
  public static final Instant EVALUATED_AT = Instant.parse("2026-01-02T03:04:05.678Z");
  /** The table's metrics where a larger value is better; the others (fid, kid, fcd, kcd) are distances. */
  public static final Set<String> LARGER_IS_BETTER = Set.of("is", "precision", "recall", "density", "coverage", "cs");

  private ResultsFixtures() {}

  /** A score at the default extractor, protocol, n_fake and seed 0, without std. */
  public static Score score(String run, String trial, long step, String metric, double value) {
    return score(run, trial, step, metric, INCEPTION_SHA, PROTOCOL, N_FAKE, 0, value, null);
  }

  public static Score score(String run, String trial, long step, String metric, String extractorSha256,
      String protocol, long nFake, long seed, double value, Double std) {
    CellKey key = new CellKey(run, trial, step, metric, extractorSha256, protocol, nFake, seed);
    return new Score(key, value, std, LARGER_IS_BETTER.contains(metric), List.of(), 2 * nFake, "ref-" + protocol,
        INCEPTION, "dataset-" + run, "config-" + trial, checkpoint(run, trial, step), "state-" + step,
        seed % 2 == 0 ? "ema" : "raw", "0.1.0-test", EVALUATED_AT.plusSeconds(step), 0.25 * step);
  }

  /** The checkpoint path the fixture's scores name. */
  public static String checkpoint(String run, String trial, long step) {
    return "results/" + run + "/" + trial + "/checkpoints/step=" + step;
  }
}
