package sparkgan.distributed;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import sparkgan.config.ConfigException;
import sparkgan.table.ImageDataset;
import sparkgan.train.ExperimentConfig;
import sparkgan.train.GanTraining;
import sparkgan.train.RealData;
import sparkgan.train.RingOfGaussians;
import sparkgan.train.RunLayout;
import sparkgan.train.ShapeOnly;
import sparkgan.train.TrainingRun;
import sparkgan.train.TrainingState;

/**
 * The train job's action: synchronous data-parallel training of one experiment on the executors. Checks the
 * cluster and the data before anything runs, caches one shard per worker, then drives {@link SparkRounds} through
 * the run's cadence ({@link TrainingRun}): checkpoints, metrics, samples and resume as in fit-local.
 */
public final class TrainAction {
  /** How long to wait for executors to register before refusing a run that needs more slots than are there. */
  static final long SLOT_WAIT_MILLIS = 60_000;

  private final SparkSession spark;
  private final TrainConfig config;
  private final Clock clock;
  private final PrintStream log;
  private TaskHook hook = TaskHook.NONE;

  /** What a run produced. */
  public record Result(RunLayout layout, TrainingRun.Result run) {}

  public TrainAction(SparkSession spark, TrainConfig config, Clock clock, PrintStream log) {
    this.spark = spark;
    this.config = config;
    this.clock = clock;
    this.log = log;
  }

  /** Test hook: called by every round task before its work ({@link TaskHook}). */
  public TrainAction withTaskHook(TaskHook hook) {
    this.hook = hook;
    return this;
  }

  public Result execute() throws IOException, InterruptedException {
    ExperimentConfig experiment = config.experiment();
    SparkContext sc = spark.sparkContext();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    int workers = experiment.rounds().workers();
    ClusterLimits.requireSlots(sc, workers, SLOT_WAIT_MILLIS);

    RealData driverData;
    String datasetHash;
    JavaRDD<WorkerData> shards;
    if (experiment.data().isRing()) {
      RingOfGaussians ring = new RingOfGaussians(experiment.data().ringRadius(), experiment.data().ringStd());
      driverData = ring;
      datasetHash = "ring(radius=" + experiment.data().ringRadius() + ",std=" + experiment.data().ringStd() + ")";
      shards = Shards.ring(jsc, experiment.data().ringRadius(), experiment.data().ringStd(), workers);
    } else {
      ImageDataset dataset = openDataset(spark, experiment);
      driverData = new ShapeOnly(new long[] {dataset.manifest().channels(), dataset.manifest().height(),
          dataset.manifest().width()}, dataset.manifest().classes(experiment.data().split()));
      datasetHash = dataset.manifest().contentSha256();
      shards = Shards.images(dataset, experiment.data(), experiment.seed(), workers);
    }
    GanTraining driver = new GanTraining(GanTraining.Setup.of(experiment), driverData);
    ClusterLimits.requireRoom(sc.getConf(), TrainingState.toBytes(driver.state()).length, workers);

    String trial = config.trialId().orElseGet(() -> defaultTrialId(sc));
    RunLayout layout = RunLayout.of(config.output(), experiment.name(), trial);
    Configuration hadoop = sc.hadoopConfiguration();
    try {
      long start = System.nanoTime();
      shards.count(); // read, shard and cache the data now: start-up, not the first round's compute
      log.printf("cached %d shard(s) in %.1f s%n", workers, (System.nanoTime() - start) / 1e9);
      SparkRounds rounds = new SparkRounds(jsc, shards, experiment, new DriverAverage(), hook,
          "sparkgan train " + experiment.name() + "/" + trial);
      TrainingRun run = new TrainingRun(experiment, driver, rounds, layout, datasetHash, provenance(sc), hadoop,
          clock, log);
      return new Result(layout, run.run(config.resume()));
    } finally {
      shards.unpersist(false /* blocking */);
    }
  }

  private static ImageDataset openDataset(SparkSession spark, ExperimentConfig experiment) {
    ImageDataset dataset;
    try {
      dataset = ImageDataset.open(spark, experiment.data().source());
    } catch (RuntimeException e) {
      throw new ConfigException("data.source", "Cannot train on data.source = " + experiment.data().source() + ": "
          + e.getMessage());
    }
    Long rows = dataset.manifest().splitCounts().get(experiment.data().split());
    if (rows == null || rows == 0) {
      throw new ConfigException("data.split", "Cannot train on split '" + experiment.data().split() + "' of "
          + experiment.data().source() + ": the dataset has splits " + dataset.manifest().splitCounts().keySet()
          + ". Set data.split.");
    }
    if (rows < experiment.rounds().workers()) {
      throw new ConfigException("train.workers", "Cannot split " + rows + " images among train.workers = "
          + experiment.rounds().workers() + " workers. Use fewer workers.");
    }
    return dataset;
  }

  /** The YARN application id on YARN (so a trial matches its logs), else the UTC start time. */
  private String defaultTrialId(SparkContext sc) {
    if (sc.master().startsWith("yarn")) {
      return sc.applicationId();
    }
    return DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(clock.instant());
  }

  /** Beside the config (which has train.workers and train.average-every): where the run ran. */
  private static Map<String, String> provenance(SparkContext sc) {
    Map<String, String> values = new TreeMap<>();
    values.put("run.spark-master", sc.master());
    values.put("run.spark-version", sc.version());
    values.put("run.state-reducer", DriverAverage.class.getSimpleName());
    return values;
  }
}
