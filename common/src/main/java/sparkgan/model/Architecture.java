package sparkgan.model;

import java.util.List;
import java.util.Optional;
import sparkgan.model.nn.Layer;

/**
 * A network family ({@code model.architecture}): builds G's and D's layers for a data shape and the
 * {@code model} block. Built-ins are named in {@link Architectures}; any class implementing this with a public
 * no-argument constructor is found by its fully qualified name, as GANs are. Resolution, channels and widths are
 * parameters, not classes: a family refuses a shape it cannot serve with a {@link sparkgan.config.ConfigException}
 * that says which shapes it takes.
 */
public interface Architecture {

  /**
   * G's layers, from a latent vector of {@code settings.latentDim()} to one example of {@code dataShape}.
   *
   * @param classes 0 for an unconditional G; else the number of classes of the labels G takes with its latents
   *     (only when {@link #lacks} says the family has {@link Capability#CLASS_CONDITIONAL_GENERATOR})
   */
  List<Layer> generator(ArchitectureSettings settings, long[] dataShape, int classes);

  /** D's layers, from one example of {@code dataShape} to {@code outputs} values. */
  List<Layer> discriminator(ArchitectureSettings settings, long[] dataShape, int outputs);

  /**
   * Why this family's networks, as {@code settings} configure them, lack {@code capability} (a sentence naming the
   * setting to change), or empty when they have it.
   */
  Optional<String> lacks(Capability capability, ArchitectureSettings settings);

  /**
   * Checks the {@code model} keys this family reads, when the config loads. Nothing by default.
   *
   * @throws sparkgan.config.ConfigException naming the key
   */
  default void check(ArchitectureSettings settings) {}
}
