package sparkgan.evaluate.metric;

import java.util.Objects;

/** Features of generated images; see {@link RealFeatures} for why the two are separate types. */
public record FakeFeatures(FeatureMatrix features) {
  public FakeFeatures {
    Objects.requireNonNull(features, "features");
  }
}
