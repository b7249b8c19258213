package sparkgan.evaluate.metric;

import java.util.Objects;

/**
 * Features of real images. Metrics that are not symmetric in their inputs (precision and recall, density and
 * coverage) take real and fake features as two types, so swapping them is a compile error, not a silent swap of
 * precision and recall.
 */
public record RealFeatures(FeatureMatrix features) {
  public RealFeatures {
    Objects.requireNonNull(features, "features");
  }
}
