package sparkgan.gan;

import java.util.Arrays;
import sparkgan.config.ConfigException;
import sparkgan.model.nn.Network;

/**
 * D's features as the heads of SSGAN and the projection discriminator read them: the input of D's last layer (for
 * the SNGAN backbones, the sum-pooled ReLU features), a vector per example.
 */
final class DiscriminatorFeatures {
  private DiscriminatorFeatures() {}

  /** The index of the layer whose output are the features: the one before the last. */
  static int layer(Network discriminator) {
    return discriminator.layers().size() - 2;
  }

  /**
   * The features' shape, [width].
   *
   * @param ganClass the GAN that needs them, for the message
   * @throws ConfigException when the features are not a vector (a discriminator without pooling)
   */
  static long[] shape(Network discriminator, String ganClass) {
    long[] shape = discriminator.outputShape(layer(discriminator));
    if (shape.length != 1) {
      throw new ConfigException("model.architecture", "Cannot train gan.class = " + ganClass + " on this "
          + "discriminator: the input of its last layer must be a feature vector (as the sngan architecture's sum "
          + "pooling gives), got " + Arrays.toString(shape));
    }
    return shape;
  }
}
