package sparkgan.distributed;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.config.ConfigException;
import sparkgan.evaluate.ClassifierExtractor;
import sparkgan.evaluate.ClassifierNetwork;
import sparkgan.table.CommitFailedException;
import sparkgan.table.DatasetManifest;
import sparkgan.table.ImageDataset;
import sparkgan.train.Checkpoints;
import sparkgan.train.ExperimentConfig;

/**
 * The train-classifier job's action. The classifier is trained by the train job's machinery, unchanged
 * ({@link TrainAction} with {@code gan.class = classifier}: the same shards, rounds, averaging, checkpoints and
 * determinism as a GAN), into {@code <output>/training/}. Then the driver runs the final discriminator over the whole
 * test split, in batches, and commits the classifier with its test accuracy to {@code <output>/classifier/}
 * ({@link ClassifierExtractor#commit}).
 */
public final class TrainClassifierAction {
  /** The trainer's output, under the classifier's output. */
  public static final String TRAINING_FOLDER = "training";
  /** Test images per forward pass on the driver. */
  static final int TEST_BATCH = 256;

  private final SparkSession spark;
  private final TrainClassifierConfig config;
  private final Clock clock;
  private final PrintStream log;
  private TaskHook hook = TaskHook.NONE;

  /**
   * What a run produced.
   *
   * @param classifier the committed classifier, opened
   * @param training the training run
   * @param testSeconds time of the test pass
   */
  public record Result(ClassifierExtractor classifier, TrainAction.Result training, double testSeconds) {}

  public TrainClassifierAction(SparkSession spark, TrainClassifierConfig config, Clock clock, PrintStream log) {
    this.spark = spark;
    this.config = config;
    this.clock = clock;
    this.log = log;
  }

  /** Test hook: called by every round task of the training before its work ({@link TaskHook}). */
  public TrainClassifierAction withTaskHook(TaskHook hook) {
    this.hook = hook;
    return this;
  }

  /**
   * Trains (or with {@code resume} continues the trial), tests and commits.
   *
   * @throws CommitFailedException when {@code <output>/classifier/} exists, before anything runs
   */
  public Result execute() throws IOException, InterruptedException {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Path target = new Path(config.output(), ClassifierExtractor.FOLDER);
    if (target.getFileSystem(hadoop).exists(target)) {
      throw new CommitFailedException("Cannot train a classifier into " + config.output() + ": it already has "
          + ClassifierExtractor.FOLDER + "/. Choose another --output.", null);
    }
    ImageDataset dataset = openDataset();
    DatasetManifest manifest = dataset.manifest();
    int classes = manifest.classes(config.split());

    ExperimentConfig experiment = config.experiment();
    TrainAction.Result training = new TrainAction(spark, config.training(), clock, log).withTaskHook(hook)
        .execute();
    Path checkpoint = training.run().lastCheckpoint();
    long[] shape = {manifest.channels(), manifest.height(), manifest.width()};
    ClassifierNetwork network = ClassifierNetwork.fromTrainingState(experiment.model(), shape, classes,
        Checkpoints.readState(hadoop, checkpoint));

    long start = System.nanoTime();
    long[] correctAndTotal = test(dataset, network);
    double testSeconds = (System.nanoTime() - start) / 1e9;
    double accuracy = (double) correctAndTotal[0] / correctAndTotal[1];
    log.printf("tested on %d images of split '%s'%s in %.1f s: accuracy %.4f%n", correctAndTotal[1],
        config.testSplit(), config.testSplit().equals(config.split()) ? " held out from training" : "", testSeconds,
        accuracy);

    ClassifierExtractor classifier = ClassifierExtractor.commit(hadoop, target, network, experiment.render(),
        new ClassifierExtractor.Training(config.dataset(), manifest.contentSha256(), config.split(),
            config.testSplit(), correctAndTotal[1], accuracy, manifest.labelNames(), training.run().steps(),
            checkpoint.toString(), experiment.sha256()));
    return new Result(classifier, training, testSeconds);
  }

  /** The dataset, refused unless both splits exist and every image of them has a label. */
  private ImageDataset openDataset() {
    ImageDataset dataset;
    try {
      dataset = ImageDataset.open(spark, config.dataset());
    } catch (RuntimeException e) {
      throw new ConfigException("--dataset", "Cannot train a classifier on " + config.dataset() + ": "
          + e.getMessage());
    }
    DatasetManifest manifest = dataset.manifest();
    for (String split : List.of(config.split(), config.testSplit())) {
      Long rows = manifest.splitCounts().get(split);
      if (rows == null || rows == 0) {
        throw new ConfigException(split.equals(config.split()) ? "--split" : "--test-split", "Cannot train a "
            + "classifier on split '" + split + "' of dataset " + config.dataset() + ": the dataset has splits "
            + manifest.splitCounts().keySet() + ".");
      }
      if (manifest.classes(split) < 2) {
        long unlabelled = manifest.labelCounts().getOrDefault(split, new java.util.TreeMap<>())
            .getOrDefault("none", 0L);
        throw new ConfigException("--dataset", "Cannot train a classifier on dataset " + config.dataset()
            + ": its split '" + split + "' is not labelled (" + unlabelled + " of " + rows + " images have no label, "
            + manifest.labelNames().size() + " label names). A classifier needs every image labelled, with at least "
            + "2 classes.");
      }
    }
    return dataset;
  }

  /** {correct, total} over the test split, streamed to the driver a partition at a time. */
  private long[] test(ImageDataset dataset, ClassifierNetwork network) {
    DatasetManifest manifest = dataset.manifest();
    Dataset<Row> testRows = config.testSplit().equals(config.split())
        ? config.experiment().data().heldOutRows(dataset) : dataset.split(config.testSplit());
    Iterator<Row> rows = testRows.select(ImageDataset.PIXELS, ImageDataset.LABEL).toLocalIterator();
    long correct = 0;
    long total = 0;
    List<byte[]> images = new ArrayList<>(TEST_BATCH);
    List<Integer> labels = new ArrayList<>(TEST_BATCH);
    while (rows.hasNext() || !images.isEmpty()) {
      if (rows.hasNext()) {
        Row row = rows.next();
        images.add(row.getAs(0));
        labels.add(row.getInt(1));
      }
      if (images.size() == TEST_BATCH || (!rows.hasNext() && !images.isEmpty())) {
        INDArray logits = network.run(images.toArray(new byte[0][]), manifest.height(), manifest.width(),
            manifest.channels()).logits();
        int[] predicted = ClassifierNetwork.argmax(logits);
        for (int i = 0; i < predicted.length; i++) {
          correct += predicted[i] == labels.get(i) ? 1 : 0;
        }
        total += predicted.length;
        images.clear();
        labels.clear();
      }
    }
    return new long[] {correct, total};
  }
}
