package sparkgan.train;

import java.util.List;
import sparkgan.table.TrainMetrics;

/**
 * How a training's rounds run: in this process ({@link LocalRounds}) or as one Spark job per round on the
 * executors ({@code SparkRounds}). {@link TrainingRun} drives either with the same cadence of logging, samples,
 * checkpoints and resume.
 */
public interface Rounds {

  /**
   * Runs {@code steps} generator steps on every worker, starting from {@code driver}'s state, and leaves the result
   * (the workers' average) in {@code driver}.
   *
   * @param round the round's number: {@code driver.step() / train.average-every}
   */
  Outcome run(GanTraining driver, long round, int steps);

  /** What a round did: every worker's step metrics (in worker, then step order) and its costs. */
  record Outcome(List<TrainMetrics.StepRow> steps, TrainMetrics.RoundRow round) {}
}
