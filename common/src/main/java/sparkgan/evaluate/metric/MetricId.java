package sparkgan.evaluate.metric;

import java.util.Locale;

/**
 * The names under which metric values are printed and stored, and which way is better, so that rankings never
 * guess (as Spark ML's {@code Evaluator.isLargerBetter}). A standard deviation is the spread of an estimate over
 * splits or subsets, not a quality: it is not ranked ({@link #ranked()} false).
 */
public enum MetricId {
  FID(Direction.SMALLER), KID(Direction.SMALLER), KID_STD(Direction.NONE), PRECISION(Direction.LARGER),
  RECALL(Direction.LARGER), DENSITY(Direction.LARGER), COVERAGE(Direction.LARGER), IS_MEAN(Direction.LARGER),
  IS_STD(Direction.NONE);

  private enum Direction { LARGER, SMALLER, NONE }

  private final Direction direction;

  MetricId(Direction direction) {
    this.direction = direction;
  }

  /** The name in output and tables: {@code fid}, {@code kid_std}, {@code is_mean}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean ranked() {
    return direction != Direction.NONE;
  }

  /** For a {@link #ranked()} metric, whether a larger value is better. */
  public boolean largerIsBetter() {
    return direction == Direction.LARGER;
  }
}
