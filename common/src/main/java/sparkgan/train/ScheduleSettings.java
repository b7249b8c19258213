package sparkgan.train;

import java.util.Map;
import java.util.TreeMap;
import sparkgan.config.ConfigException;
import sparkgan.config.Provenanced;

/**
 * The {@code train} block: how long and with which schedules.
 *
 * @param steps generator steps to train, &gt;= 1
 * @param learningRateDecay constant, or linear decay to zero at the last step
 * @param emaDecay decay of the EMA of G's weights used for sampling, in [0, 1); 0 disables the EMA
 * @param emaStart generator step from which the EMA averages (before it, it copies the weights), &gt;= 0
 * @param sampleEvery steps between sample grids, &gt;= 1
 * @param logEvery steps between metric lines, &gt;= 1
 */
public record ScheduleSettings(long steps, LearningRateDecay learningRateDecay, double emaDecay, long emaStart,
    long sampleEvery, long logEvery) implements Provenanced {

  /** Learning-rate schedules. */
  public enum LearningRateDecay {
    /** The configured rate throughout. */
    CONSTANT,
    /** From the configured rate at step 0 linearly to zero at the last step (as in WGAN-GP and SNGAN). */
    LINEAR
  }

  public ScheduleSettings {
    if (steps < 1) {
      throw ConfigException.invalid("train.steps", ">= 1", steps);
    }
    if (!(emaDecay >= 0 && emaDecay < 1)) {
      throw ConfigException.invalid("train.ema-decay", "in [0, 1) (0 = off)", emaDecay);
    }
    if (emaStart < 0) {
      throw ConfigException.invalid("train.ema-start", ">= 0", emaStart);
    }
    if (sampleEvery < 1) {
      throw ConfigException.invalid("train.sample-every", ">= 1", sampleEvery);
    }
    if (logEvery < 1) {
      throw ConfigException.invalid("train.log-every", ">= 1", logEvery);
    }
  }

  /** The learning-rate factor for the update at {@code step} (0-based). */
  public double learningRateFactor(long step) {
    return learningRateDecay == LearningRateDecay.LINEAR ? 1.0 - (double) step / steps : 1.0;
  }

  @Override
  public Map<String, String> provenance() {
    TreeMap<String, String> values = new TreeMap<>();
    values.put("train.steps", Long.toString(steps));
    values.put("train.lr-decay", sparkgan.config.CommandLine.optionName(learningRateDecay));
    values.put("train.ema-decay", Double.toString(emaDecay));
    values.put("train.ema-start", Long.toString(emaStart));
    values.put("train.sample-every", Long.toString(sampleEvery));
    values.put("train.log-every", Long.toString(logEvery));
    return values;
  }
}
