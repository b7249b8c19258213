package sparkgan.model.objective;

import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.model.nn.Activations;

/**
 * Feature matching (Salimans et al. 2016, section 3.1): the generator minimises ||E f(x) - E f(G(z))||^2, the
 * squared distance between the batch means of a discriminator layer's outputs on real and generated data. The
 * real side is a constant; only the generated side gets a gradient: -2 (mean_real - mean_fake) / B per example.
 */
public final class FeatureMatching {
  private FeatureMatching() {}

  /** The loss and its gradient with respect to the generated batch's features (shaped like those features). */
  public record Loss(double value, INDArray fakeFeatureGradient) {}

  public static Loss loss(Activations onReal, Activations onFake, int layer) {
    if (layer >= onFake.layerCount()) {
      throw new IllegalArgumentException("Cannot match features at layer " + layer + ": the discriminator has "
          + onFake.layerCount() + " layers (0 to " + (onFake.layerCount() - 1) + ")");
    }
    INDArray realFeatures = onReal.output(layer);
    INDArray fakeFeatures = onFake.output(layer);
    long batch = fakeFeatures.size(0);
    INDArray realMean = realFeatures.reshape(realFeatures.size(0), -1).mean(0);
    INDArray fakeMean = fakeFeatures.reshape(batch, -1).mean(0);
    INDArray difference = fakeMean.sub(realMean);
    double value = difference.mul(difference).sumNumber().doubleValue();
    INDArray perExample = difference.mul(2.0 / batch).reshape(1, -1).repeat(0, batch);
    return new Loss(value, perExample.reshape(fakeFeatures.shape()));
  }
}
