package sparkgan.distributed;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import sparkgan.table.TrainMetrics;
import sparkgan.train.ExperimentConfig;
import sparkgan.train.GanTraining;
import sparkgan.train.Rounds;
import sparkgan.train.TrainingState;

/**
 * Rounds as Spark jobs, one ordinary job per round: the driver broadcasts its (averaged) state, each of the
 * workers' tasks restores it, trains on its cached shard and returns its state, and the {@link StateReducer}
 * combines the states in worker order into the driver's training. The previous round's broadcast is destroyed
 * once its job is done. Spark's task retry stays on: a lost task is recomputed and returns the same bits.
 */
public final class SparkRounds implements Rounds {
  private final JavaSparkContext jsc;
  private final JavaRDD<WorkerData> shards;
  private final int workers;
  private final ExperimentConfig config;
  private final StateReducer reducer;
  private final TaskHook hook;
  private final String description;

  /**
   * @param shards one {@link WorkerData} per partition, persisted ({@link Shards}); partition i is worker i
   * @param description names the run in the Spark UI's job list
   */
  public SparkRounds(JavaSparkContext jsc, JavaRDD<WorkerData> shards, ExperimentConfig config, StateReducer reducer,
      TaskHook hook, String description) {
    this.jsc = jsc;
    this.shards = shards;
    this.workers = shards.getNumPartitions();
    this.config = config;
    this.reducer = reducer;
    this.hook = hook;
    this.description = description;
  }

  @Override
  public Outcome run(GanTraining driver, long round, int steps) {
    long start = System.nanoTime();
    long firstStep = driver.step() + 1;
    byte[] state = TrainingState.toBytes(driver.state());
    Broadcast<byte[]> broadcast = jsc.broadcast(state);
    double broadcastSeconds = (System.nanoTime() - start) / 1e9;
    List<WorkerResult> results;
    long collected;
    try {
      jsc.setJobGroup("sparkgan-train", description + " round " + round, false /* interruptOnCancel */);
      results = shards.mapPartitionsWithIndex(new RoundTask(broadcast, config, round, steps, hook), true).collect();
      collected = System.nanoTime();
      driver.restore(reducer.reduce(results));
    } finally {
      jsc.clearJobGroup();
      broadcast.destroy(); // also when the round failed: a state's worth of blocks on every executor
    }
    long end = System.nanoTime();

    List<TrainMetrics.StepRow> rows = new ArrayList<>();
    long examples = 0;
    long bytes = (long) state.length * workers;
    double compute = 0;
    double fetch = 0;
    for (WorkerResult result : results) {
      rows.addAll(result.steps());
      examples += result.examples();
      bytes += result.state().length;
      compute = Math.max(compute, result.computeSeconds());
      fetch = Math.max(fetch, result.fetchSeconds());
    }
    return new Outcome(rows, new TrainMetrics.RoundRow(round, firstStep, driver.step(), workers, examples, compute,
        broadcastSeconds + fetch, (end - collected) / 1e9, (end - start) / 1e9, bytes));
  }
}
