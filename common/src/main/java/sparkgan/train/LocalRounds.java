package sparkgan.train;

import java.util.List;
import sparkgan.table.TrainMetrics;

/** Rounds in this process: one worker, whose state is the driver's own, so there is nothing to average or move. */
public final class LocalRounds implements Rounds {

  @Override
  public Outcome run(GanTraining driver, long round, int steps) {
    long start = System.nanoTime();
    long firstStep = driver.step() + 1;
    long consumedBefore = driver.consumed();
    List<TrainMetrics.StepRow> rows = driver.trainSteps(steps);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Outcome(rows, new TrainMetrics.RoundRow(round, firstStep, driver.step(), 1,
        driver.consumed() - consumedBefore, seconds, 0, 0, seconds, 0));
  }
}
