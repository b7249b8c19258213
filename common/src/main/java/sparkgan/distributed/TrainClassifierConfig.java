package sparkgan.distributed;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import sparkgan.config.ConfigException;
import sparkgan.train.ExperimentConfig;

/**
 * What the train-classifier job is asked to do: train {@code gan.class = classifier} on one split of a dataset,
 * measure it on another, and commit it under {@code output}.
 *
 * @param experiment the training; its {@code data.source} is {@code dataset} and {@code data.split} is the split
 *     trained on
 * @param testSplit {@code --test-split}: the split the accuracy is measured on; when it is the split trained on,
 *     its held-out images ({@code data.holdout}, required then)
 * @param output {@code --output}: the training goes to {@code <output>/training/}, the classifier to
 *     {@code <output>/classifier/}
 * @param trialId {@code --trial-id}: the training's trial (see {@link TrainConfig}); required with {@code resume}
 * @param resume continue the training from its newest complete checkpoint, as the train job does
 */
public record TrainClassifierConfig(ExperimentConfig experiment, String testSplit, String output,
    Optional<String> trialId, boolean resume) {
  /** The built-in GAN class that trains a classifier. */
  public static final String GAN_CLASS = "classifier";

  public TrainClassifierConfig {
    Objects.requireNonNull(experiment, "experiment");
    if (!GAN_CLASS.equals(experiment.gan().ganClass())) {
      throw ConfigException.invalid("gan.class", GAN_CLASS + " for train-classifier", experiment.gan().ganClass());
    }
    if (experiment.data().isRing()) {
      throw ConfigException.invalid("--dataset", "an image dataset written by ingest", experiment.data().source());
    }
    if (testSplit == null || testSplit.isBlank()) {
      throw ConfigException.invalid("--test-split", "a split name such as test", testSplit);
    }
    if (testSplit.equals(experiment.data().split()) && experiment.data().holdout() == 0) {
      throw new ConfigException("--test-split", "Cannot measure a classifier on split '" + testSplit + "', the split "
          + "it trains on: hold part of it out with --set data.holdout=0.2 (it is then tested on those images), or "
          + "test on another split.");
    }
    if (output == null || output.isBlank()) {
      throw ConfigException.invalid("--output", "a folder for the classifier", output);
    }
    new TrainConfig(experiment, trainingFolder(output), trialId, resume); // its checks: trial id, resume
  }

  private static String trainingFolder(String output) {
    return new org.apache.hadoop.fs.Path(output, TrainClassifierAction.TRAINING_FOLDER).toString();
  }

  /** The training's part: {@link TrainAction}'s config, into {@code <output>/training/}. */
  public TrainConfig training() {
    return new TrainConfig(experiment, trainingFolder(output), trialId, resume);
  }

  /**
   * The experiment file under the user's overrides, with {@code data.source} and {@code data.split} set from
   * {@code dataset} and {@code split} (they win over the file and {@code --set}).
   */
  public static TrainClassifierConfig load(Path configFile, List<String> overrides, String dataset, String split,
      String testSplit, String output, Optional<String> trialId, boolean resume) {
    if (dataset == null || dataset.isBlank()) {
      throw ConfigException.invalid("--dataset", "the path of a dataset written by ingest", dataset);
    }
    if (split == null || split.isBlank()) {
      throw ConfigException.invalid("--split", "a split name such as train", split);
    }
    List<String> all = new ArrayList<>(overrides);
    all.add("data.source = " + quoted(dataset));
    all.add("data.split = " + quoted(split));
    return new TrainClassifierConfig(ExperimentConfig.load(configFile, all), testSplit, output, trialId, resume);
  }

  /** A HOCON quoted string: paths may hold characters HOCON reads as syntax (':', '$', '#'). */
  private static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  public String dataset() {
    return experiment.data().source();
  }

  public String split() {
    return experiment.data().split();
  }
}
