package sparkgan.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import sparkgan.config.ConfigException;
import sparkgan.config.Provenanced;

/**
 * The {@code model} block: which networks, how wide. Image size and channels come from the dataset, not from here.
 *
 * @param architecture a network family {@link Architectures#find} finds: mlp, dcgan, sngan or a class name
 * @param latentDim size of z, &gt;= 1
 * @param generatorWidth DCGAN: channels of G's last hidden layer (G's first layer has width * 2^(ups - 1)); SNGAN:
 *     Mimicry's ngf (G's first feature map; 256 at 32 px, 512 at 48, 1024 at 64), &gt;= 1
 * @param discriminatorWidth DCGAN: channels of D's first layer (doubling each layer); SNGAN: Mimicry's ndf (D's
 *     last blocks; 128 at 32 px, 1024 at 48 and 64), &gt;= 1
 * @param generatorHidden MLP: G's hidden layer sizes, e.g. [256, 512, 1024]
 * @param discriminatorHidden MLP: D's hidden layer sizes, e.g. [512, 256]
 * @param dropout MLP: D's dropout probability after each hidden layer, in [0, 1)
 * @param discriminatorBatchNorm DCGAN: batch norm on D's layers after the first; must be false for wgan-gp
 */
public record ArchitectureSettings(String architecture, int latentDim, int generatorWidth,
    int discriminatorWidth, List<Integer> generatorHidden, List<Integer> discriminatorHidden, double dropout,
    boolean discriminatorBatchNorm) implements Provenanced {

  public ArchitectureSettings {
    if (architecture == null || architecture.isBlank()) {
      throw ConfigException.invalid("model.architecture", "one of " + Architectures.names() + " or a class name",
          architecture);
    }
    generatorHidden = List.copyOf(generatorHidden);
    discriminatorHidden = List.copyOf(discriminatorHidden);
    if (latentDim < 1) {
      throw ConfigException.invalid("model.latent-dim", ">= 1", latentDim);
    }
    if (generatorWidth < 1) {
      throw ConfigException.invalid("model.generator-width", ">= 1", generatorWidth);
    }
    if (discriminatorWidth < 1) {
      throw ConfigException.invalid("model.discriminator-width", ">= 1", discriminatorWidth);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw ConfigException.invalid("model.dropout", "in [0, 1)", dropout);
    }
  }

  @Override
  public Map<String, String> provenance() {
    TreeMap<String, String> values = new TreeMap<>();
    values.put("model.architecture", architecture);
    values.put("model.latent-dim", Integer.toString(latentDim));
    values.put("model.generator-width", Integer.toString(generatorWidth));
    values.put("model.discriminator-width", Integer.toString(discriminatorWidth));
    values.put("model.generator-hidden", generatorHidden.toString());
    values.put("model.discriminator-hidden", discriminatorHidden.toString());
    values.put("model.dropout", Double.toString(dropout));
    values.put("model.discriminator-batch-norm", Boolean.toString(discriminatorBatchNorm));
    return values;
  }
}
