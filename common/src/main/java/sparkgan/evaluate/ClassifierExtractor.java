package sparkgan.evaluate;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.config.Sha256;
import sparkgan.config.SparkganVersion;
import sparkgan.table.DirectoryCommit;
import sparkgan.table.IfExists;
import sparkgan.train.ExperimentConfig;
import sparkgan.train.TrainingState;

/**
 * A domain classifier as a {@link FeatureExtractor}: the network of a committed classifier folder, with what it
 * was trained on. Its scores are {@code fcd}, {@code kcd} and the classifier score, never {@code fid}.
 *
 * <pre>
 * &lt;output&gt;/classifier/network.bin       classifier/parameters, classifier/buffers (TrainingState format)
 * &lt;output&gt;/classifier/config.conf       the experiment config it was trained with (model.* rebuilds it)
 * &lt;output&gt;/classifier/classifier.json    {@link ClassifierDescription}, with network.bin's SHA-256
 * </pre>
 * The folder is committed by one rename and never replaced; opening it checks network.bin against its recorded
 * hash, so a score's {@link #sha256()} names exactly the weights it was computed with.
 */
public final class ClassifierExtractor implements FeatureExtractor {
  public static final String FOLDER = "classifier";
  public static final String NETWORK_FILE = "network.bin";
  public static final String CONFIG_FILE = "config.conf";
  public static final String DESCRIPTION_FILE = "classifier.json";
  /** Names the protocol; bump it when the scaling or the choice of layer changes. */
  static final String PROTOCOL_VERSION = "sparkgan-classifier-v1";

  private final ClassifierNetwork network;
  private final ClassifierDescription description;
  private final Path folder;

  private ClassifierExtractor(ClassifierNetwork network, ClassifierDescription description, Path folder) {
    this.network = network;
    this.description = description;
    this.folder = folder;
  }

  /**
   * What the training knows about a classifier; the rest of its description comes from the network itself.
   *
   * @param dataset the dataset path as given
   * @param datasetSha256 its content hash
   * @param labelNames class index to name, from the dataset's manifest
   * @param steps training steps
   * @param sourceCheckpoint the checkpoint the weights were taken from
   * @param configSha256 SHA-256 of {@code configText}
   */
  public record Training(String dataset, String datasetSha256, String split, String testSplit, long testImages,
      double testAccuracy, SortedMap<Integer, String> labelNames, long steps, String sourceCheckpoint,
      String configSha256) {}

  /**
   * Commits a classifier folder at {@code target} (by one rename; fails if it exists) and returns it opened. The
   * description's network hash is computed here, from the bytes written.
   */
  public static ClassifierExtractor commit(Configuration conf, Path target, ClassifierNetwork network,
      String configText, Training training) throws IOException {
    byte[] weights = TrainingState.toBytes(network.state());
    long[] shape = network.inputShape();
    ClassifierDescription description = new ClassifierDescription(ClassifierDescription.FORMAT_VERSION,
        training.dataset(), training.datasetSha256(), training.split(), training.testSplit(), training.testImages(),
        training.testAccuracy(), network.classes(), training.labelNames(), (int) shape[1], (int) shape[2],
        (int) shape[0], network.featureLayer(), network.featureDimension(), training.steps(),
        training.sourceCheckpoint(), training.configSha256(), Sha256.hex(weights), SparkganVersion.version());
    Path committed = DirectoryCommit.write(conf, target, IfExists.FAIL, (fs, staging) -> {
      DirectoryCommit.writeStaged(fs, new Path(staging, NETWORK_FILE), weights);
      DirectoryCommit.writeStaged(fs, new Path(staging, CONFIG_FILE), configText);
      DirectoryCommit.writeStaged(fs, new Path(staging, DESCRIPTION_FILE), description.toJson());
    });
    return new ClassifierExtractor(network, description, committed);
  }

  /**
   * Opens a committed classifier: {@code path} is its folder, or the train-classifier output that holds it as
   * {@code classifier/}.
   *
   * @throws IOException a missing file, or a network.bin whose SHA-256 is not the recorded one (naming the file)
   */
  public static ClassifierExtractor open(Path path, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    Path folder = fs.exists(new Path(path, DESCRIPTION_FILE)) ? path : new Path(path, FOLDER);
    Path descriptionFile = new Path(folder, DESCRIPTION_FILE);
    ClassifierDescription description;
    try {
      description = ClassifierDescription.fromJson(readText(fs, descriptionFile), descriptionFile.toString());
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException("Cannot open classifier " + path + ": neither it nor " + folder + " has a "
          + DESCRIPTION_FILE + ". Point at the output of train-classifier or its " + FOLDER + "/ folder.");
    }
    ExperimentConfig config = ExperimentConfig.parse(readText(fs, new Path(folder, CONFIG_FILE)), List.of());
    Path networkFile = new Path(folder, NETWORK_FILE);
    byte[] weights;
    try (InputStream in = fs.open(networkFile)) {
      weights = in.readAllBytes();
    }
    String sha = Sha256.hex(weights);
    if (!sha.equals(description.networkSha256())) {
      throw new IOException("Cannot open classifier " + folder + ": " + networkFile + " has SHA-256 " + sha
          + " but " + DESCRIPTION_FILE + " records " + description.networkSha256() + ". The file was changed or "
          + "damaged after the classifier was committed; train it again.");
    }
    Map<String, INDArray> state = TrainingState.fromBytes(weights, networkFile.toString());
    ClassifierNetwork network = new ClassifierNetwork(config.model(), description.inputShape(),
        description.classes(), state);
    return new ClassifierExtractor(network, description, fs.makeQualified(folder));
  }

  private static String readText(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  public ClassifierDescription description() {
    return description;
  }

  /** The committed folder. */
  public Path folder() {
    return folder;
  }

  @Override
  public String name() {
    return "classifier";
  }

  @Override
  public String sha256() {
    return description.networkSha256();
  }

  /**
   * E.g. {@code sparkgan-classifier-v1:uint8-hwc:x/127.5-1:28x28x1:eval:features=input-of-layer-4[3136]:logits[10]}.
   * The weights are not part of it (that is {@link #sha256()}).
   */
  @Override
  public String protocol() {
    return String.format(Locale.ROOT, "%s:uint8-hwc:x/127.5-1:%dx%dx%d:eval:features=input-of-layer-%d[%d]:"
        + "logits[%d]", PROTOCOL_VERSION, description.height(), description.width(), description.channels(),
        description.featureLayer(), description.featureDimension(), description.classes());
  }

  @Override
  public int featureDimension() {
    return network.featureDimension();
  }

  @Override
  public boolean domainClassifier() {
    return true;
  }

  @Override
  public Map<String, String> provenance() {
    Map<String, String> values = new TreeMap<>();
    values.put("classifier.path", folder.toString());
    values.put("classifier.dataset", description.dataset());
    values.put("classifier.dataset-sha256", description.datasetSha256());
    values.put("classifier.split", description.split());
    values.put("classifier.test-split", description.testSplit());
    values.put("classifier.test-accuracy", Double.toString(description.testAccuracy()));
    values.put("classifier.classes", Integer.toString(description.classes()));
    values.put("classifier.config-sha256", description.configSha256());
    values.put("classifier.steps", Long.toString(description.steps()));
    return values;
  }

  @Override
  public Outputs run(byte[][] images, int height, int width, int channels) {
    return network.run(images, height, width, channels);
  }
}
