package sparkgan.outside;

import java.util.List;
import java.util.Optional;
import sparkgan.model.Architecture;
import sparkgan.model.ArchitectureSettings;
import sparkgan.model.Capability;
import sparkgan.model.nn.Activation;
import sparkgan.model.nn.Dense;
import sparkgan.model.nn.Layer;
import sparkgan.model.nn.Reshape;

/**
 * A network family written outside the library, named by its class in {@code model.architecture}: one hidden layer
 * of {@code model.generator-width} (G) and {@code model.discriminator-width} (D) units, for data of any shape.
 */
public final class TinyMlp implements Architecture {

  @Override
  public List<Layer> generator(ArchitectureSettings settings, long[] dataShape, int classes) {
    long size = java.util.Arrays.stream(dataShape).reduce(1, (a, b) -> a * b);
    return List.of(Dense.withBias(settings.generatorWidth()), Activation.relu(), Dense.withBias(size),
        new Reshape(dataShape));
  }

  @Override
  public List<Layer> discriminator(ArchitectureSettings settings, long[] dataShape, int outputs) {
    long size = java.util.Arrays.stream(dataShape).reduce(1, (a, b) -> a * b);
    return List.of(new Reshape(size), Dense.withBias(settings.discriminatorWidth()), Activation.leakyRelu(0.2),
        Dense.withBias(outputs));
  }

  @Override
  public Optional<String> lacks(Capability capability, ArchitectureSettings settings) {
    return capability == Capability.DISCRIMINATOR_WITHOUT_BATCH_NORM ? Optional.empty()
        : Optional.of("the tiny MLP's generator takes no labels");
  }
}
