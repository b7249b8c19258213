package sparkgan.distributed;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import sparkgan.model.nn.Rng;
import sparkgan.train.ExperimentConfig;
import sparkgan.train.GanTraining;
import sparkgan.train.InMemoryImages;
import sparkgan.train.Rounds;
import sparkgan.train.ShapeOnly;

/**
 * The scaling benchmark of data-parallel training (a benchmark, not a test): DCGAN-28 on synthetic images, two
 * workers on the cluster Spark runs on, for each steps-per-round K, next to single-process training in this JVM
 * (run it with OMP_NUM_THREADS=1 for the one-thread figure). Prints one line per K:
 * {@code average_every=K workers=W img_s=... single_img_s=... efficiency=... overhead_share=... bytes_per_round=...},
 * where efficiency = img_s / (W x single_img_s) and overhead_share is the share of round time outside the slowest
 * worker's compute. The first round of each K (networks built on the executors) is not timed.
 */
public final class TrainBenchmark {
  private static final int IMAGES_PER_WORKER = 512;

  private TrainBenchmark() {}

  /** DCGAN-28 as the {@code bench} job's dcgan28 model (latent 100, G width 128, D width 64), batch {@code batch}. */
  static ExperimentConfig config(int workers, int averageEvery, int steps, int batch) {
    return ExperimentConfig.parse(String.join("\n",
        "experiment.name = bench-train",
        "data.source = synthetic",
        "data.batch-size = " + batch,
        "model { architecture = dcgan, latent-dim = 100, generator-width = 128, discriminator-width = 64 }",
        "train { steps = " + steps + ", log-every = " + steps + ", sample-every = " + steps + " }",
        "train { workers = " + workers + ", average-every = " + averageEvery + ", checkpoint-every = "
            + averageEvery * (long) steps + " }"), List.of());
  }

  public static void run(SparkSession spark, int workers, List<Integer> averageEvery, int rounds, int batch,
      PrintStream out) throws InterruptedException {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    ClusterLimits.requireSlots(spark.sparkContext(), workers, TrainAction.SLOT_WAIT_MILLIS);
    List<WorkerData> shards = new ArrayList<>();
    for (int worker = 0; worker < workers; worker++) {
      byte[][] pixels = new byte[IMAGES_PER_WORKER][784];
      Rng rng = new Rng(worker);
      for (byte[] image : pixels) {
        for (int i = 0; i < image.length; i++) {
          image[i] = (byte) (rng.nextLong() & 0xFF);
        }
      }
      shards.add(new ImageShard(worker, "synthetic-" + worker, pixels, new int[pixels.length], 0, 1, 28, 28));
    }
    JavaRDD<WorkerData> data = jsc.parallelize(shards, workers).persist(StorageLevel.MEMORY_AND_DISK());
    data.count();
    try {
      for (int k : averageEvery) {
        ExperimentConfig config = config(workers, k, k * (rounds + 1), batch);
        double single = singleProcess(config, shards.get(0), k * rounds);
        GanTraining driver = new GanTraining(GanTraining.Setup.of(config), new ShapeOnly(new long[] {1, 28, 28}, 0));
        SparkRounds distributed = new SparkRounds(jsc, data, config, new DriverAverage(), TaskHook.NONE,
            "sparkgan bench-train K=" + k);
        distributed.run(driver, 0, k); // warm-up: builds each executor's training
        long examples = 0;
        double roundSeconds = 0;
        double computeSeconds = 0;
        long bytes = 0;
        double broadcastSeconds = 0;
        double reduceSeconds = 0;
        for (int r = 1; r <= rounds; r++) {
          Rounds.Outcome outcome = distributed.run(driver, r, k);
          examples += outcome.round().examples();
          roundSeconds += outcome.round().roundSeconds();
          computeSeconds += outcome.round().computeSeconds();
          broadcastSeconds += outcome.round().broadcastSeconds();
          reduceSeconds += outcome.round().reduceSeconds();
          bytes = outcome.round().bytesMoved();
        }
        double imagesPerSecond = examples / roundSeconds;
        out.printf(Locale.ROOT, "average_every=%d workers=%d img_s=%.1f single_img_s=%.1f efficiency=%.3f "
            + "overhead_share=%.3f bytes_per_round=%d round_s=%.3f compute_s=%.3f broadcast_s=%.3f reduce_s=%.3f%n",
            k, workers, imagesPerSecond, single, imagesPerSecond / (workers * single),
            1 - computeSeconds / roundSeconds, bytes, roundSeconds / rounds, computeSeconds / rounds,
            broadcastSeconds / rounds, reduceSeconds / rounds);
      }
    } finally {
      data.unpersist(false /* blocking */);
    }
  }

  /** Images per second of one process training {@code steps} steps (after a 3-step warm-up) in this JVM. */
  private static double singleProcess(ExperimentConfig config, WorkerData shard, int steps) {
    ImageShard images = (ImageShard) shard;
    GanTraining training = new GanTraining(GanTraining.Setup.of(config),
        new InMemoryImages(java.util.Arrays.asList(images.pixels()), 1, 28, 28, config.seed(), 0));
    training.trainSteps(3);
    long consumed = training.consumed();
    long start = System.nanoTime();
    training.trainSteps(steps);
    return (training.consumed() - consumed) / ((System.nanoTime() - start) / 1e9);
  }
}
