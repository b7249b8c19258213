package sparkgan.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import sparkgan.config.ConfigException;
import sparkgan.model.nn.Activation;
import sparkgan.model.nn.BatchNorm;
import sparkgan.model.nn.Dense;
import sparkgan.model.nn.Dropout;
import sparkgan.model.nn.Layer;
import sparkgan.model.nn.Reshape;

/**
 * MLP (Goodfellow et al. 2014), for any data shape: G = [linear, batch norm, ReLU] per hidden size
 * ({@code model.generator-hidden}), a linear output (tanh and a reshape for images); D = [linear, LeakyReLU(0.2),
 * dropout] per hidden size ({@code model.discriminator-hidden}), a linear output. The only family for 2-D points.
 */
public final class MlpArchitecture implements Architecture {
  static final double LEAK = 0.2;

  @Override
  public void check(ArchitectureSettings settings) {
    if (settings.generatorHidden().isEmpty() || settings.generatorHidden().stream().anyMatch(h -> h < 1)) {
      throw ConfigException.invalid("model.generator-hidden", "a non-empty list of sizes >= 1",
          settings.generatorHidden());
    }
    if (settings.discriminatorHidden().isEmpty() || settings.discriminatorHidden().stream().anyMatch(h -> h < 1)) {
      throw ConfigException.invalid("model.discriminator-hidden", "a non-empty list of sizes >= 1",
          settings.discriminatorHidden());
    }
  }

  @Override
  public Optional<String> lacks(Capability capability, ArchitectureSettings settings) {
    return switch (capability) {
      case DISCRIMINATOR_WITHOUT_BATCH_NORM -> Optional.empty();
      case CLASS_CONDITIONAL_GENERATOR -> Optional.of("the mlp generator takes no labels; use model.architecture = "
          + "sngan");
    };
  }

  @Override
  public List<Layer> generator(ArchitectureSettings settings, long[] dataShape, int classes) {
    check(settings);
    List<Layer> layers = new ArrayList<>();
    for (int hidden : settings.generatorHidden()) {
      layers.add(Dense.withoutBias(hidden));
      layers.add(new BatchNorm());
      layers.add(Activation.relu());
    }
    layers.add(Dense.withBias(Shapes.size(dataShape)));
    if (Shapes.isImage(dataShape)) {
      layers.add(Activation.tanh());
      layers.add(new Reshape(dataShape));
    }
    return layers;
  }

  @Override
  public List<Layer> discriminator(ArchitectureSettings settings, long[] dataShape, int outputs) {
    check(settings);
    List<Layer> layers = new ArrayList<>();
    if (Shapes.isImage(dataShape)) {
      layers.add(new Reshape(Shapes.size(dataShape)));
    }
    for (int hidden : settings.discriminatorHidden()) {
      layers.add(Dense.withBias(hidden));
      layers.add(Activation.leakyRelu(LEAK));
      if (settings.dropout() > 0) {
        layers.add(new Dropout(settings.dropout()));
      }
    }
    layers.add(Dense.withBias(outputs));
    return layers;
  }
}
