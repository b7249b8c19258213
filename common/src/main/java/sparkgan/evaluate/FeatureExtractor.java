package sparkgan.evaluate;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network that turns uint8 images into the feature vectors and class logits the metrics are computed on:
 * Inception-v3 under the TF 2015 protocol, or a classifier trained on the user's own dataset. What it is, exactly,
 * travels with every score: its {@link #name()}, the SHA-256 of its weights and its protocol id, so that two
 * scores are compared only when they were measured the same way.
 *
 * <p>Implementations are thread-safe and hold only their weights; each executor opens one per JVM.
 */
public interface FeatureExtractor {

  /** Features [N, {@link #featureDimension()}] and logits [N, classes], float32, outside any workspace. */
  record Outputs(INDArray features, INDArray logits) {}

  /** Short name for tables and output: {@code inception-v3}, {@code classifier}. */
  String name();

  /** SHA-256 of the weights file: the extractor's identity. */
  String sha256();

  /** Stable id of everything between pixels and features besides the weights (resize, scaling, layer). */
  String protocol();

  /** Width of a feature vector. */
  int featureDimension();

  /**
   * Whether this is a domain classifier rather than the literature's Inception: its distances are named {@code fcd}
   * and {@code kcd} and its score {@code cs}, never {@code fid}, {@code kid} or {@code is}.
   */
  boolean domainClassifier();

  /** What to record about the extractor besides name, hash and protocol (source path, layer, accuracy, ...). */
  Map<String, String> provenance();

  /**
   * Runs a batch of images, each {@code height·width·channels} uint8 bytes in HWC order (as sparkgan datasets store
   * pixels and as generated images are quantised). Call it outside a training step.
   *
   * @throws IllegalArgumentException images of a shape the extractor cannot take, naming the shape
   */
  Outputs run(byte[][] images, int height, int width, int channels);
}
