package sparkgan.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code classifier.json} of a committed classifier: what it was trained on, how well it does, and the hash of
 * its weights. Everything a score measured with it must carry to be comparable with another.
 *
 * @param formatVersion version of this layout ({@value #FORMAT_VERSION})
 * @param dataset the dataset path as given to train-classifier
 * @param datasetSha256 the dataset's content hash ({@code content_sha256} of its manifest)
 * @param split the split it was trained on
 * @param testSplit the split its accuracy was measured on
 * @param testImages images of the test split
 * @param testAccuracy share of the test split whose largest logit is its label, in [0, 1]
 * @param classes outputs of the network, &gt;= 2
 * @param labelNames class index to name, from the dataset's manifest (may be empty)
 * @param height image height it takes, &gt;= 1
 * @param width image width it takes, &gt;= 1
 * @param channels image channels it takes, 1 or 3
 * @param featureLayer index of D's last layer, whose input is the feature vector
 * @param featureDimension width of a feature vector, &gt;= 1
 * @param steps training steps
 * @param sourceCheckpoint the training checkpoint the weights come from
 * @param configSha256 SHA-256 of the experiment config ({@code config.conf})
 * @param networkSha256 SHA-256 of {@code network.bin}: the classifier's identity
 * @param sparkganVersion the sparkgan version that trained it
 */
public record ClassifierDescription(int formatVersion, String dataset, String datasetSha256, String split,
    String testSplit, long testImages, double testAccuracy, int classes, SortedMap<Integer, String> labelNames,
    int height, int width, int channels, int featureLayer, int featureDimension, long steps, String sourceCheckpoint,
    String configSha256, String networkSha256, String sparkganVersion) {

  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  public ClassifierDescription {
    if (formatVersion != FORMAT_VERSION) {
      throw invalid("format_version", Integer.toString(FORMAT_VERSION) + " (the version this sparkgan reads)",
          formatVersion);
    }
    requireText("dataset", dataset);
    requireSha("dataset_sha256", datasetSha256);
    requireText("split", split);
    requireText("test_split", testSplit);
    if (testImages < 1) {
      throw invalid("test_images", ">= 1", testImages);
    }
    if (!(testAccuracy >= 0 && testAccuracy <= 1)) {
      throw invalid("test_accuracy", "in [0, 1]", testAccuracy);
    }
    if (classes < 2) {
      throw invalid("classes", ">= 2", classes);
    }
    labelNames = new TreeMap<>(Objects.requireNonNull(labelNames, "labelNames"));
    if (height < 1 || width < 1) {
      throw invalid("height and width", ">= 1", height + "x" + width);
    }
    if (channels != 1 && channels != 3) {
      throw invalid("channels", "1 or 3", channels);
    }
    if (featureLayer < 0) {
      throw invalid("feature_layer", ">= 0", featureLayer);
    }
    if (featureDimension < 1) {
      throw invalid("feature_dimension", ">= 1", featureDimension);
    }
    if (steps < 1) {
      throw invalid("steps", ">= 1", steps);
    }
    requireText("source_checkpoint", sourceCheckpoint);
    requireSha("config_sha256", configSha256);
    requireSha("network_sha256", networkSha256);
    requireText("sparkgan_version", sparkganVersion);
  }

  private static void requireText(String key, String value) {
    if (value == null || value.isBlank()) {
      throw invalid(key, "non-blank", value);
    }
  }

  private static void requireSha(String key, String value) {
    if (value == null || !value.matches("[0-9a-f]{64}")) {
      throw invalid(key, "a lower-case hex SHA-256 (64 digits)", value);
    }
  }

  private static IllegalArgumentException invalid(String key, String rule, Object actual) {
    return new IllegalArgumentException(key + " must be " + rule + ", got " + actual);
  }

  /** {@code [channels, height, width]}: the shape of one input, as the network takes it. */
  public long[] inputShape() {
    return new long[] {channels, height, width};
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialise the classifier description: " + e.getMessage(), e);
    }
  }

  /** Parses {@code classifier.json}; {@code source} names the file in errors. */
  public static ClassifierDescription fromJson(String json, String source) {
    try {
      return JSON.readValue(json, ClassifierDescription.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read " + source + ": " + e.getMessage(), e);
    }
  }
}
