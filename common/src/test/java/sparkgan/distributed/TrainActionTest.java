package sparkgan.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.LocalSpark;
import sparkgan.config.ConfigException;
import sparkgan.table.CommitFailedException;
import sparkgan.table.ImageDataset;
import sparkgan.train.ExperimentConfig;
import sparkgan.train.GanTraining;
import sparkgan.train.InMemoryImages;
import sparkgan.train.RunLayout;
import sparkgan.train.TrainingState;

/**
 * The train action on local Spark ({@code local[2,2]}: two task threads, one retry): the distributed run's bits are
 * those of one process, and do not depend on task finishing order, retries, or a crash and resume.
 */
@LocalSpark
class TrainActionTest {
  @TempDir
  Path dir;

  @Test
  void oneWorkerInRoundsEqualsOneProcessBitForBit(SparkSession spark) throws Exception {
    Path dataset = TrainFixtures.dataset(spark, dir, 40);
    ExperimentConfig config = TrainFixtures.dcgan(dataset, "train.workers = 1");
    Map<String, INDArray> distributed = TrainFixtures.finalState(
        TrainFixtures.train(spark, config, dir.resolve("out"), "k2", false, TaskHook.NONE).layout());
    // Rounds of 3 instead of 2: one worker has nothing to average, so the split into rounds leaves no trace.
    ExperimentConfig otherRounds = TrainFixtures.dcgan(dataset, "train.workers = 1", "train.average-every = 3",
        "train.checkpoint-every = 3");
    Map<String, INDArray> inRoundsOfThree = TrainFixtures.finalState(
        TrainFixtures.train(spark, otherRounds, dir.resolve("out"), "k3", false, TaskHook.NONE).layout());

    List<Row> rows = ImageDataset.open(spark, dataset.toString()).split("test").collectAsList();
    GanTraining alone = new GanTraining(GanTraining.Setup.of(config),
        InMemoryImages.fromRows(rows, TrainFixtures.CLASSES, config.seed(), 0));
    alone.trainSteps(6);
    Map<String, INDArray> local = TrainingState.copy(alone.state());

    assertSameBits(local, distributed);
    assertSameBits(local, inRoundsOfThree);
  }

  @Test
  void taskFinishingOrderAndARetriedTaskLeaveNoTrace(SparkSession spark) throws Exception {
    Path dataset = TrainFixtures.dataset(spark, dir, 40);
    ExperimentConfig config = TrainFixtures.dcgan(dataset);
    RunLayout clean = TrainFixtures.train(spark, config, dir.resolve("out"), "clean", false, TaskHook.NONE).layout();
    // Worker 0 finishes last in every round.
    RunLayout zeroLate = TrainFixtures.train(spark, config, dir.resolve("out"), "zero-late", false,
        (round, worker, attempt) -> Thread.sleep(worker == 0 ? 400 : 0)).layout();
    // Worker 1 finishes last, and its first attempt in round 1 fails: Spark runs it again.
    RunLayout retried = TrainFixtures.train(spark, config, dir.resolve("out"), "retried", false,
        (round, worker, attempt) -> {
          if (worker == 1) {
            Thread.sleep(400);
            if (round == 1 && attempt == 0) {
              throw new IllegalStateException("injected failure of worker 1 in round 1");
            }
          }
        }).layout();

    Map<String, INDArray> expected = TrainFixtures.finalState(clean);
    assertSameBits(expected, TrainFixtures.finalState(zeroLate));
    assertSameBits(expected, TrainFixtures.finalState(retried));
    List<String> rows = stepRows(spark, clean);
    assertEquals(rows, stepRows(spark, zeroLate));
    assertEquals(rows, stepRows(spark, retried));
    assertEquals(rows.size(), new HashSet<>(rows).size(), "no metric row twice");
    assertTrue(rows.stream().anyMatch(r -> r.startsWith("step=6 worker=1 metric=lr_d ")), "both workers' rows");
  }

  @Test
  void averagingIdenticalReplicasChangesNothing() {
    GanTraining training = new GanTraining(GanTraining.Setup.of(TrainFixtures.dcgan(dir)),
        new InMemoryImages(List.of(new byte[784], new byte[784]), 1, 28, 28, 1, 0));
    training.trainSteps(2);
    byte[] state = TrainingState.toBytes(training.state());
    List<WorkerResult> replicas = new ArrayList<>();
    for (int worker = 0; worker < 3; worker++) {
      replicas.add(new WorkerResult(worker, state, 16, List.of(), 0, 0));
    }
    assertArrayEquals(state, TrainingState.toBytes(new DriverAverage().reduce(replicas)));
  }

  /**
   * With plain SGD, no batch norm, one step per round and shards of equal size, each worker's step is
   * D - lr * (mean gradient over its batch), so their average is D - lr * (mean gradient over the union): one
   * process's step on the union batch. Equal up to float rounding (the sums run in another order).
   */
  @Test
  void twoWorkersEqualOneProcessOnTheUnionBatch(SparkSession spark) throws Exception {
    Path dataset = TrainFixtures.dataset(spark, dir, 16);
    List<Row> rows = ImageDataset.open(spark, dataset.toString()).split("test").collectAsList();
    long seed = evenSplitSeed(rows);
    String[] settings = {"experiment.seed = " + seed, "gan.class = " + RealOnlyGan.class.getName(),
        "model.discriminator-batch-norm = false", "optimizer.discriminator.type = sgd",
        "optimizer.discriminator.lr = 0.05", "optimizer.generator.type = sgd", "train.steps = 1",
        "train.average-every = 1", "train.checkpoint-every = 1", "train.lr-decay = constant", "train.ema-decay = 0"};
    ExperimentConfig config = TrainFixtures.dcgan(dataset, settings);
    Map<String, INDArray> averaged = TrainFixtures.finalState(
        TrainFixtures.train(spark, config, dir.resolve("out"), "two", false, TaskHook.NONE).layout());

    List<String> union = new ArrayList<>(List.of(settings));
    union.add("data.batch-size = 16");
    union.add("train.workers = 1");
    GanTraining alone = new GanTraining(GanTraining.Setup.of(TrainFixtures.dcgan(dataset, union.toArray(String[]::new))),
        InMemoryImages.fromRows(rows, TrainFixtures.CLASSES, seed, 0));
    alone.trainSteps(1);

    INDArray start = new GanTraining(GanTraining.Setup.of(config),
        InMemoryImages.fromRows(rows, TrainFixtures.CLASSES, seed, 0)).discriminator().parameters().dup();
    INDArray expected = alone.discriminator().parameters();
    INDArray actual = averaged.get("discriminator/parameters");
    double moved = expected.sub(start).amaxNumber().doubleValue();
    double difference = expected.sub(actual).amaxNumber().doubleValue();
    assertTrue(moved > 1e-3, "the step moves D: " + moved);
    assertTrue(difference < 1e-6 * Math.max(1, expected.amaxNumber().doubleValue()),
        "union step vs average of the workers' steps differ by " + difference + " (step size " + moved + ")");
    // Negative control: one worker's own step is not the union's.
    GanTraining workerZero = new GanTraining(GanTraining.Setup.of(config),
        InMemoryImages.fromRows(shard(rows, seed, 0), TrainFixtures.CLASSES, seed, 0), 0);
    workerZero.trainSteps(1);
    assertTrue(workerZero.discriminator().parameters().sub(expected).amaxNumber().doubleValue() > 100 * difference,
        "one worker's step differs from the union's by more than the tolerance");
  }

  @Test
  void aRunKilledAfterACheckpointResumesToTheSameBitsAndRows(SparkSession spark) throws Exception {
    Path dataset = TrainFixtures.dataset(spark, dir, 40);
    ExperimentConfig config = TrainFixtures.dcgan(dataset);
    Path out = dir.resolve("out");
    RunLayout clean = TrainFixtures.train(spark, config, out, "clean", false, TaskHook.NONE).layout();

    // Round 2 (steps 5-6) fails on every attempt: the job dies after the checkpoints of steps 2 and 4.
    assertThrows(Exception.class, () -> TrainFixtures.train(spark, config, out, "crashed", false,
        (round, worker, attempt) -> {
          if (round == 2) {
            throw new IllegalStateException("injected crash");
          }
        }));
    RunLayout crashed = RunLayout.of(out.toString(), config.name(), "crashed");
    Path trial = Path.of(crashed.trial().toString());
    assertTrue(Files.exists(trial.resolve("checkpoints/step=4/_COMPLETE")));
    assertFalse(Files.exists(trial.resolve("checkpoints/step=6")));
    // A checkpoint without its completion marker is ignored: the resume starts from step 2 and redoes 3-4.
    Files.delete(trial.resolve("checkpoints/step=4/_COMPLETE"));

    TrainAction.Result resumed = TrainFixtures.train(spark, config, out, "crashed", true, TaskHook.NONE);
    assertEquals(2, resumed.run().startStep());
    Path cleanTrial = Path.of(clean.trial().toString());
    assertArrayEquals(Files.readAllBytes(cleanTrial.resolve("checkpoints/step=6/state.bin")),
        Files.readAllBytes(trial.resolve("checkpoints/step=6/state.bin")));
    assertEquals(stepRows(spark, clean), stepRows(spark, crashed));
    assertEquals(3, spark.read().parquet(trial.resolve("metrics/rounds").toString()).count(), "one row per round");
    assertTrue(Files.isRegularFile(trial.resolve("samples/progress.gif")));
    assertTrue(Files.isRegularFile(trial.resolve("checkpoints/step=6/layout.json")));
  }

  @Test
  void aResumeWithAnotherConfigListsEveryDifferenceAndChangesNothing(SparkSession spark) throws Exception {
    Path dataset = TrainFixtures.dataset(spark, dir, 40);
    Path out = dir.resolve("out");
    TrainFixtures.train(spark, TrainFixtures.dcgan(dataset, "train.steps = 2"), out, "t", false, TaskHook.NONE);
    ExperimentConfig changed = TrainFixtures.dcgan(dataset, "train.steps = 2", "gan.n-dis = 2",
        "optimizer.generator.lr = 1e-4");
    ConfigException refused = assertThrows(ConfigException.class,
        () -> TrainFixtures.train(spark, changed, out, "t", true, TaskHook.NONE));
    assertTrue(refused.getMessage().contains("differs in 2 key(s): gan.n-dis (stored 1, given 2); "
        + "optimizer.generator.lr (stored 2.0E-4, given 1.0E-4)"), refused.getMessage());

    CommitFailedException exists = assertThrows(CommitFailedException.class,
        () -> TrainFixtures.train(spark, TrainFixtures.dcgan(dataset, "train.steps = 2"), out, "t", false,
            TaskHook.NONE));
    assertTrue(exists.getMessage().contains("it already exists. Continue it with --resume"), exists.getMessage());

    Path state = dir.resolve("out/tiny/t/checkpoints/step=2/state.bin");
    byte[] bytes = Files.readAllBytes(state);
    Files.write(state, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Files.delete(state.resolveSibling(".state.bin.crc")); // else the local file system's own checksum catches it
    Exception truncated = assertThrows(Exception.class, () -> TrainFixtures.train(spark,
        TrainFixtures.dcgan(dataset, "train.steps = 2"), out, "t", true, TaskHook.NONE));
    assertTrue(truncated.getMessage().contains("Cannot read training state") && truncated.getMessage().contains(
        "step=2/state.bin: truncated"), truncated.getMessage());
  }

  @Test
  void moreWorkersThanSlotsOrAMissingDatasetAreRefusedUpFront(SparkSession spark) throws Exception {
    Path dataset = TrainFixtures.dataset(spark, dir, 40);
    IllegalStateException slots = assertThrows(IllegalStateException.class, () -> TrainFixtures.train(spark,
        TrainFixtures.dcgan(dataset, "train.workers = 3"), dir.resolve("out"), "t", false, TaskHook.NONE));
    assertTrue(slots.getMessage().startsWith("Cannot train with train.workers = 3: local Spark runs 2 task "
        + "thread(s)"), slots.getMessage());
    ConfigException missing = assertThrows(ConfigException.class, () -> TrainFixtures.train(spark,
        TrainFixtures.dcgan(dir.resolve("nothing")), dir.resolve("out"), "t", false, TaskHook.NONE));
    assertTrue(missing.getMessage().startsWith("Cannot train on data.source = " + dir.resolve("nothing")),
        missing.getMessage());
    assertFalse(Files.exists(dir.resolve("out")), "nothing written");
  }

  /** A seed for which the 16 ids split 8 / 8 between two workers (found by trying: the split is a pure function). */
  private static long evenSplitSeed(List<Row> rows) {
    for (long seed = 0; ; seed++) {
      if (shard(rows, seed, 0).size() == rows.size() / 2) {
        return seed;
      }
    }
  }

  private static List<Row> shard(List<Row> rows, long seed, int worker) {
    return rows.stream().filter(r -> Shards.shardOf(r.getString(0), seed, 2) == worker).toList();
  }

  private static List<String> stepRows(SparkSession spark, RunLayout layout) {
    List<String> rows = new ArrayList<>();
    for (Row row : spark.read().parquet(layout.metrics() + "/steps").collectAsList()) {
      rows.add("step=" + row.getLong(0) + " worker=" + row.getInt(1) + " metric=" + row.getString(2)
          + (Double.isNaN(row.getDouble(3)) ? "" : " value=" + Double.doubleToLongBits(row.getDouble(3))));
    }
    rows.sort(null);
    return rows;
  }

  static void assertSameBits(Map<String, INDArray> expected, Map<String, INDArray> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    Set<String> different = new java.util.TreeSet<>();
    expected.forEach((name, array) -> {
      if (!array.equals(actual.get(name)) || !java.util.Arrays.equals(TrainingState.toBytes(Map.of(name, array)),
          TrainingState.toBytes(Map.of(name, actual.get(name))))) {
        different.add(name);
      }
    });
    assertEquals(Set.of(), different, "arrays that differ");
  }
}
