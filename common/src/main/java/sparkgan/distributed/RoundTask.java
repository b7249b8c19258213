package sparkgan.distributed;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import sparkgan.model.nn.NativeBackend;
import sparkgan.table.TrainMetrics;
import sparkgan.train.ExperimentConfig;
import sparkgan.train.GanTraining;
import sparkgan.train.TrainingState;

/**
 * One worker's part of one round, run on an executor: restore the broadcast state, train {@code steps} generator
 * steps on the worker's cached data, return the new state. A pure function of (state, round, worker, data): the
 * training's random streams come from (seed, step, worker) and its batches from its position in its data, both
 * part of the state, so a retried attempt, or one on another executor, returns the same bits. Tasks write no files.
 *
 * <p>Each executor keeps one {@link GanTraining} per worker it has trained (built on first use; rebuilding the
 * networks every round would cost more than a round): restoring the whole state into it each round makes it
 * equivalent to a new one.
 */
final class RoundTask implements Function2<Integer, Iterator<WorkerData>, Iterator<WorkerResult>> {
  private static final long serialVersionUID = 1L;
  /** Per executor JVM: (config hash, worker, data fingerprint) to its training. Only the current config's stay. */
  private static final Map<String, GanTraining> TRAININGS = new ConcurrentHashMap<>();

  private final Broadcast<byte[]> state;
  private final String configText;
  private final String configSha;
  private final long round;
  private final int steps;
  private final TaskHook hook;

  RoundTask(Broadcast<byte[]> state, ExperimentConfig config, long round, int steps, TaskHook hook) {
    this.state = state;
    this.configText = config.render();
    this.configSha = config.sha256();
    this.round = round;
    this.steps = steps;
    this.hook = hook;
  }

  @Override
  public Iterator<WorkerResult> call(Integer worker, Iterator<WorkerData> partition) throws Exception {
    NativeBackend.select();
    TaskContext task = TaskContext.get();
    ExecutorDevice.bind(task); // the task's GPU, if Spark assigned one, before the first array
    hook.beforeRound(round, worker, task.attemptNumber());
    // One native thread pool per task, sized as Spark sized the task (OMP_NUM_THREADS follows spark.task.cpus).
    Nd4j.getEnvironment().setMaxMasterThreads(task.cpus());
    WorkerData data = partition.next();
    if (partition.hasNext()) {
      throw new IllegalStateException("Cannot run worker " + worker + ": its partition holds more than one shard");
    }
    long start = System.nanoTime();
    Map<String, INDArray> values = TrainingState.fromBytes(state.value(), "the broadcast state of round " + round);
    double fetchSeconds = (System.nanoTime() - start) / 1e9;
    GanTraining training = training(worker, data);
    synchronized (training) {
      long computeStart = System.nanoTime();
      training.restore(values);
      long consumedBefore = training.consumed();
      List<TrainMetrics.StepRow> rows = training.trainSteps(steps);
      byte[] after = TrainingState.toBytes(training.state());
      return List.of(new WorkerResult(worker, after, training.consumed() - consumedBefore, rows, fetchSeconds,
          (System.nanoTime() - computeStart) / 1e9)).iterator();
    }
  }

  private GanTraining training(int worker, WorkerData data) {
    String key = configSha + "/" + worker + "/" + data.fingerprint();
    TRAININGS.keySet().removeIf(other -> !other.startsWith(configSha + "/")); // a finished run's trainings
    return TRAININGS.computeIfAbsent(key, k -> {
      ExperimentConfig config = ExperimentConfig.parse(configText, List.of());
      return new GanTraining(GanTraining.Setup.of(config), data.open(config.seed(), worker), worker);
    });
  }
}
