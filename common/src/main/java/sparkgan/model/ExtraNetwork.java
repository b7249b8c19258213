package sparkgan.model;

import java.util.List;
import java.util.Objects;
import sparkgan.model.nn.Layer;

/**
 * A network a GAN trains besides G and D ({@link Gan#extraNetworks}): a rotation head, an auxiliary classifier, an
 * encoder. The trainer builds it after G and D from the run's seed, gives it its own optimizer, and checkpoints,
 * averages and restores it with them under {@code <name>/...}; the GAN reaches it by name
 * ({@link StepContext#network}, {@link StepContext#optimizer}).
 *
 * @param name lower case letters, digits, '-' and '_', starting with a letter; not generator, discriminator or
 *     generator_ema
 * @param inputShape the shape of one example's input, without the batch dimension
 * @param layers its layers, fresh instances
 * @param side whose optimizer settings it trains with ({@code optimizer.generator} or
 *     {@code optimizer.discriminator}) and whose learning-rate schedule
 */
public record ExtraNetwork(String name, long[] inputShape, List<Layer> layers, Side side) {
  /** Which player an extra network belongs to. */
  public enum Side {
    GENERATOR,
    DISCRIMINATOR
  }

  public ExtraNetwork {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[a-z][a-z0-9_-]*") || List.of("generator", "discriminator", "generator_ema").contains(name)) {
      throw new IllegalArgumentException("extra network name must be lower case letters, digits, '-' or '_', "
          + "starting with a letter, and not generator, discriminator or generator_ema, got '" + name + "'");
    }
    inputShape = inputShape.clone();
    layers = List.copyOf(layers);
    Objects.requireNonNull(side, "side");
  }
}
