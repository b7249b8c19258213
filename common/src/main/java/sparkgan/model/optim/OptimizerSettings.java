package sparkgan.model.optim;

import sparkgan.config.ConfigException;

/**
 * One network's optimizer, as configured under {@code optimizer.generator} / {@code optimizer.discriminator}.
 *
 * @param type adam, rmsprop or sgd
 * @param learningRate base learning rate (&gt; 0)
 * @param beta1 Adam's first-moment decay, in [0, 1); DCGAN uses 0.5, WGAN-GP 0.0
 * @param beta2 Adam's second-moment decay, in [0, 1); 0.999 or 0.9
 * @param alpha RMSprop's squared-gradient decay, in [0, 1)
 * @param momentum SGD momentum, in [0, 1)
 * @param epsilon added to denominators (Adam, RMSprop), &gt; 0
 * @param keyPrefix conf key of this block, for messages (e.g. {@code optimizer.generator})
 */
public record OptimizerSettings(Type type, double learningRate, double beta1, double beta2, double alpha,
    double momentum, double epsilon, String keyPrefix) {

  /** Optimizer kinds. */
  public enum Type {
    ADAM,
    RMSPROP,
    SGD
  }

  public OptimizerSettings {
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw ConfigException.invalid(keyPrefix + ".lr", "> 0", learningRate);
    }
    requireUnitInterval(keyPrefix + ".beta1", beta1);
    requireUnitInterval(keyPrefix + ".beta2", beta2);
    requireUnitInterval(keyPrefix + ".alpha", alpha);
    requireUnitInterval(keyPrefix + ".momentum", momentum);
    if (!(epsilon > 0)) {
      throw ConfigException.invalid(keyPrefix + ".eps", "> 0", epsilon);
    }
  }

  private static void requireUnitInterval(String key, double value) {
    if (!(value >= 0 && value < 1)) {
      throw ConfigException.invalid(key, "in [0, 1)", value);
    }
  }

  /** Adam with PyTorch's defaults for everything not given. */
  public static OptimizerSettings adam(double learningRate, double beta1, double beta2) {
    return new OptimizerSettings(Type.ADAM, learningRate, beta1, beta2, 0.99, 0, 1e-8, "optimizer");
  }
}
