package sparkgan.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.LocalSpark;
import sparkgan.SparkGanActions;
import sparkgan.config.ConfigException;
import sparkgan.config.Sha256;
import sparkgan.evaluate.FeatureExtractor;
import sparkgan.evaluate.ClassifierDescription;
import sparkgan.evaluate.ClassifierExtractor;
import sparkgan.evaluate.ClassifierNetwork;
import sparkgan.ingest.DatasetFormat;
import sparkgan.ingest.IngestConfig;
import sparkgan.ingest.SourceFixtures;
import sparkgan.model.nn.Rng;
import sparkgan.table.CommitFailedException;
import sparkgan.table.IfExists;
import sparkgan.table.ImageDataset;

/**
 * train-classifier on local Spark with two workers: a learnable task (the label says which quadrant of the image
 * is bright) is learnt, the same images with labels unrelated to the pixels are not (chance is 1/4), and the
 * committed classifier, reopened, reproduces its recorded accuracy from its logits and refuses tampered weights
 * and images of another shape.
 */
@LocalSpark
class TrainClassifierActionTest {
  private static final int SIDE = 28;
  private static final int CLASSES = 4;
  private static final int TRAIN = 320;
  private static final int TEST = 200;
  /** The bundled config, shrunk so a run takes seconds. */
  private static final Path CONFIG = Path.of(System.getProperty("sparkgan.project.dir"),
      "conf/experiments/classifier-fashion-mnist.conf");
  private static final List<String> SMALL = List.of("model.discriminator-hidden = [32, 16]", "data.batch-size = 32",
      "train.steps = 40", "train.average-every = 5", "train.checkpoint-every = 20", "train.log-every = 10");

  @TempDir
  Path dir;

  /**
   * 28x28 grey images: background uniform in [0, 60], and one quadrant (the image's class when {@code randomLabels}
   * is false) lifted by 160. With {@code randomLabels} the labels are drawn independently of the images.
   */
  private static Path quadrants(SparkSession spark, Path dir, String name, boolean randomLabels) throws IOException {
    Path input = dir.resolve(name + "-idx");
    Files.createDirectories(input);
    write(input, "train", TRAIN, 1, randomLabels);
    write(input, "t10k", TEST, 2, randomLabels);
    Path output = dir.resolve(name);
    SparkGanActions.get(spark, TrainFixtures.CLOCK).ingest(new IngestConfig(DatasetFormat.IDX, input.toString(),
        output.toString(), OptionalInt.empty(), OptionalInt.empty(), IfExists.FAIL,
        IngestConfig.RejectPolicy.COLLECT)).execute();
    return output;
  }

  private static void write(Path input, String prefix, int n, long seed, boolean randomLabels) throws IOException {
    Rng rng = new Rng(seed);
    byte[][] images = new byte[n][SIDE * SIDE];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int quadrant = (int) (rng.nextDouble() * CLASSES);
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          int inQuadrant = (y < SIDE / 2 ? 0 : 2) + (x < SIDE / 2 ? 0 : 1);
          images[i][y * SIDE + x] = (byte) ((int) (rng.nextDouble() * 61) + (inQuadrant == quadrant ? 160 : 0));
        }
      }
      labels[i] = randomLabels ? (int) (rng.nextDouble() * CLASSES) : quadrant;
    }
    SourceFixtures.writeIdxImages(input.resolve(prefix + "-images-idx3-ubyte"), images, SIDE, SIDE);
    SourceFixtures.writeIdxLabels(input.resolve(prefix + "-labels-idx1-ubyte"), labels);
  }

  private static TrainClassifierAction.Result train(SparkSession spark, Path dataset, Path output,
      ByteArrayOutputStream log) throws Exception {
    return train(spark, dataset, output, log, Optional.empty(), false, TaskHook.NONE);
  }

  private static TrainClassifierAction.Result train(SparkSession spark, Path dataset, Path output,
      ByteArrayOutputStream log, Optional<String> trial, boolean resume, TaskHook hook) throws Exception {
    TrainClassifierConfig config = TrainClassifierConfig.load(CONFIG, SMALL, dataset.toString(), "train", "test",
        output.toString(), trial, resume);
    return new TrainClassifierAction(spark, config, TrainFixtures.CLOCK,
        new PrintStream(log, true, StandardCharsets.UTF_8)).withTaskHook(hook).execute();
  }

  @Test
  void learnsALearnableTaskAndNotRandomLabelsAndTheCommittedClassifierReopensExactly(SparkSession spark)
      throws Exception {
    Path dataset = quadrants(spark, dir, "quadrants", false);
    Path output = dir.resolve("classifier-run");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    long start = System.nanoTime();
    TrainClassifierAction.Result learnt = train(spark, dataset, output, log);
    double seconds = (System.nanoTime() - start) / 1e9;
    ClassifierDescription description = learnt.classifier().description();
    System.out.printf("quadrants: test accuracy %.4f, train-classifier %.1f s%n", description.testAccuracy(),
        seconds);
    assertTrue(description.testAccuracy() > 0.9, "learnable task: " + description.testAccuracy() + "\n" + log);
    assertEquals(TEST, description.testImages());
    assertEquals(CLASSES, description.classes());
    assertEquals(Map.of(), description.labelNames(), "IDX without labels.txt names no classes");
    assertEquals(ImageDataset.open(spark, dataset.toString()).manifest().contentSha256(),
        description.datasetSha256());
    assertEquals(40, description.steps());
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("accuracy="), "progress lines show accuracy:\n" + log);

    Path folder = output.resolve(ClassifierExtractor.FOLDER);
    byte[] weights = Files.readAllBytes(folder.resolve(ClassifierExtractor.NETWORK_FILE));
    assertEquals(Sha256.hex(weights), description.networkSha256());
    Path trial = Path.of(learnt.training().layout().trial().toString());
    assertTrue(trial.startsWith(output.resolve(TrainClassifierAction.TRAINING_FOLDER)), trial.toString());
    assertFalse(Files.exists(trial.resolve("samples")), "a classifier writes no sample grids");

    // Reopened (from the output or from its classifier/ folder): the logits give back the recorded accuracy.
    Configuration conf = new Configuration();
    ClassifierExtractor reopened = ClassifierExtractor.open(new org.apache.hadoop.fs.Path(output.toString()), conf);
    assertEquals(description, ClassifierExtractor.open(new org.apache.hadoop.fs.Path(folder.toString()), conf)
        .description());
    assertTrue(reopened.domainClassifier());
    assertEquals("classifier", reopened.name());
    assertEquals(description.networkSha256(), reopened.sha256());
    assertTrue(reopened.protocol().startsWith("sparkgan-classifier-v1:uint8-hwc:x/127.5-1:28x28x1:eval:"),
        reopened.protocol());
    List<Row> rows = ImageDataset.open(spark, dataset.toString()).split("test")
        .select(ImageDataset.PIXELS, ImageDataset.LABEL).collectAsList();
    byte[][] images = rows.stream().map(r -> (byte[]) r.getAs(0)).toArray(byte[][]::new);
    FeatureExtractor.Outputs outputs = reopened.run(images, SIDE, SIDE, 1);
    assertArrayEquals(new long[] {TEST, reopened.featureDimension()}, outputs.features().shape());
    assertArrayEquals(new long[] {TEST, CLASSES}, outputs.logits().shape());
    int[] predicted = ClassifierNetwork.argmax(outputs.logits());
    int correct = 0;
    for (int i = 0; i < TEST; i++) {
      correct += predicted[i] == rows.get(i).getInt(1) ? 1 : 0;
    }
    assertEquals(description.testAccuracy(), (double) correct / TEST, 0.0);
    // In evaluation mode an image's outputs do not depend on its batch.
    INDArray alone = reopened.run(new byte[][] {images[7]}, SIDE, SIDE, 1).logits();
    assertEquals(outputs.logits().getRow(7).reshape(1, CLASSES), alone);

    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> reopened.run(new byte[][] {new byte[32 * 32 * 3]}, 32, 32, 3));
    assertEquals("Cannot run the classifier on 32x32x3 (HxWxC) images: it was trained on 28x28x1 images",
        shape.getMessage());

    CommitFailedException again = assertThrows(CommitFailedException.class,
        () -> train(spark, dataset, output, new ByteArrayOutputStream()));
    assertTrue(again.getMessage().contains("it already has classifier/"), again.getMessage());

    weights[weights.length / 2] ^= 1;
    Files.write(folder.resolve(ClassifierExtractor.NETWORK_FILE), weights);
    Files.deleteIfExists(folder.resolve("." + ClassifierExtractor.NETWORK_FILE + ".crc")); // Hadoop's own check
    IOException tampered = assertThrows(IOException.class,
        () -> ClassifierExtractor.open(new org.apache.hadoop.fs.Path(output.toString()), conf));
    assertTrue(tampered.getMessage().contains("network.bin has SHA-256 " + Sha256.hex(weights) + " but "
        + "classifier.json records " + description.networkSha256()), tampered.getMessage());

    // Negative control: the same kind of images, labels unrelated to the pixels, stay near chance (1/4).
    TrainClassifierAction.Result random = train(spark, quadrants(spark, dir, "random", true),
        dir.resolve("random-run"), new ByteArrayOutputStream());
    double chance = random.classifier().description().testAccuracy();
    System.out.printf("random labels: test accuracy %.4f%n", chance);
    assertTrue(chance < 0.4, "random labels: " + chance);
  }

  /**
   * The classifier rides the trainer's checkpoints: a training killed after its step-20 checkpoint, resumed, ends
   * with the bits of an uninterrupted one, and only then is the classifier committed.
   */
  @Test
  void aKilledTrainingResumesToTheSameClassifier(SparkSession spark) throws Exception {
    Path dataset = quadrants(spark, dir, "quadrants", false);
    String clean = train(spark, dataset, dir.resolve("clean"), new ByteArrayOutputStream(), Optional.of("t"), false,
        TaskHook.NONE).classifier().description().networkSha256();
    Path output = dir.resolve("crashed");
    // Rounds of 5 steps: round 5 trains steps 26-30, after the checkpoint of step 20.
    assertThrows(Exception.class, () -> train(spark, dataset, output, new ByteArrayOutputStream(), Optional.of("t"),
        false, (round, worker, attempt) -> {
          if (round == 5) {
            throw new IllegalStateException("injected crash");
          }
        }));
    assertFalse(Files.exists(output.resolve(ClassifierExtractor.FOLDER)), "no classifier from a failed training");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    TrainClassifierAction.Result resumed = train(spark, dataset, output, log, Optional.of("t"), true, TaskHook.NONE);
    assertEquals(20, resumed.training().run().startStep(), log.toString(StandardCharsets.UTF_8));
    assertEquals(clean, resumed.classifier().description().networkSha256());
    // Negative control: another seed gives other weights, so equal hashes are no accident of the hashing.
    TrainClassifierConfig reseeded = TrainClassifierConfig.load(CONFIG,
        java.util.stream.Stream.concat(SMALL.stream(), java.util.stream.Stream.of("experiment.seed = 1")).toList(),
        dataset.toString(), "train", "test", dir.resolve("reseeded").toString(), Optional.empty(), false);
    assertFalse(clean.equals(new TrainClassifierAction(spark, reseeded, TrainFixtures.CLOCK,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).execute().classifier()
        .description().networkSha256()));
  }

  @Test
  void anUnlabelledDatasetOrAMissingSplitIsRefusedNamingTheDataset(SparkSession spark) throws Exception {
    Path images = dir.resolve("flat");
    Files.createDirectories(images);
    for (int i = 0; i < 3; i++) {
      SourceFixtures.writeGreyPng(images.resolve("image" + i + ".png"), SIDE, SIDE, new byte[SIDE * SIDE]);
    }
    Path unlabelled = dir.resolve("unlabelled");
    SparkGanActions.get(spark, TrainFixtures.CLOCK).ingest(new IngestConfig(DatasetFormat.IMAGES, images.toString(),
        unlabelled.toString(), OptionalInt.of(SIDE), OptionalInt.of(1), IfExists.FAIL,
        IngestConfig.RejectPolicy.COLLECT)).execute();
    ConfigException refused = assertThrows(ConfigException.class,
        () -> train(spark, unlabelled, dir.resolve("out"), new ByteArrayOutputStream()));
    assertTrue(refused.getMessage().startsWith("Cannot train a classifier on dataset " + unlabelled
        + ": its split 'train' is not labelled (3 of 3 images have no label"), refused.getMessage());

    Path labelled = TrainFixtures.dataset(spark, dir, 8); // a test split only
    ConfigException noTrain = assertThrows(ConfigException.class,
        () -> train(spark, labelled, dir.resolve("out"), new ByteArrayOutputStream()));
    assertTrue(noTrain.getMessage().startsWith("Cannot train a classifier on split 'train' of dataset " + labelled
        + ": the dataset has splits [test]"), noTrain.getMessage());
    assertFalse(Files.exists(dir.resolve("out")), "nothing written");
  }

  @Test
  void oneSplitWithAHoldoutIsTestedOnTheImagesItNeverTrainedOn(SparkSession spark) throws Exception {
    Path dataset = quadrants(spark, dir, "quadrants-holdout", false);
    List<String> heldOut = new java.util.ArrayList<>(SMALL);
    heldOut.add("data.holdout = 0.25");
    ConfigException noHoldout = assertThrows(ConfigException.class, () -> TrainClassifierConfig.load(CONFIG, SMALL,
        dataset.toString(), "train", "train", dir.resolve("same").toString(), Optional.empty(), false));
    assertTrue(noHoldout.getMessage().contains("data.holdout"), noHoldout.getMessage());

    TrainClassifierConfig config = TrainClassifierConfig.load(CONFIG, heldOut, dataset.toString(), "train", "train",
        dir.resolve("held-out").toString(), Optional.empty(), false);
    ClassifierDescription description = new TrainClassifierAction(spark, config, TrainFixtures.CLOCK,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).execute().classifier()
        .description();
    List<String> ids = ImageDataset.open(spark, dataset.toString()).split("train").select(ImageDataset.ID)
        .collectAsList().stream().map(row -> row.getString(0)).toList();
    long expected = ids.stream().filter(id -> sparkgan.train.DataSettings.heldOut(id, 0.25)).count();
    assertTrue(expected > 0.15 * ids.size() && expected < 0.35 * ids.size(), expected + " of " + ids.size());
    assertEquals(expected, description.testImages());
    assertTrue(description.testAccuracy() > 0.9, "held-out accuracy " + description.testAccuracy());
  }
}
