package sparkgan.evaluate;

import java.util.Map;
import sparkgan.evaluate.inception.InceptionV3;
import sparkgan.evaluate.inception.InceptionWeights;

/** The literature's Inception-v3 ({@link InceptionV3}) as a {@link FeatureExtractor}: pool_3 features, 1008 logits. */
final class InceptionExtractor implements FeatureExtractor {
  static final String NAME = "inception-v3";
  private final InceptionV3 network;
  private final InceptionWeights weights;

  InceptionExtractor(InceptionWeights weights) {
    this.weights = weights;
    this.network = new InceptionV3(weights);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String sha256() {
    return network.weightsSha256();
  }

  /** {@link sparkgan.evaluate.inception.InceptionProtocol#id()}: resize, scaling, batch-norm epsilon, outputs. */
  @Override
  public String protocol() {
    return network.protocol().id();
  }

  @Override
  public int featureDimension() {
    return 2048;
  }

  @Override
  public boolean domainClassifier() {
    return false;
  }

  @Override
  public Map<String, String> provenance() {
    return Map.of("extractor.weights", weights.source(), "extractor.weights-format", weights.format().name());
  }

  @Override
  public Outputs run(byte[][] images, int height, int width, int channels) {
    InceptionV3.Outputs outputs = network.run(images, height, width, channels);
    return new Outputs(outputs.features(), outputs.logits());
  }
}
