package sparkgan.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import sparkgan.config.ConfigException;
import sparkgan.model.nn.Activation;
import sparkgan.model.nn.BatchNorm;
import sparkgan.model.nn.Conv2d;
import sparkgan.model.nn.ConvTranspose2d;
import sparkgan.model.nn.Dense;
import sparkgan.model.nn.Layer;
import sparkgan.model.nn.Reshape;
import sparkgan.model.nn.SpectralNorm;

/**
 * The "standard CNN" of Miyato et al. 2018 (their Table 3; the networks of Cosgrove's SN-GAN code that the GAN
 * doctor launcher trains as its baseline) for 32 and 48 pixels, widths scaled by nf: G projects z with a transposed
 * convolution to a 4x4 (6x6 at 48) map of 8 nf channels, batch norm and ReLU, then three k4 s2 p1 transposed
 * convolutions halving the channels to nf, each with batch norm and ReLU, and a 3x3 convolution to C channels and
 * tanh. D is seven convolutions with LeakyReLU(0.1): 3x3 s1 then 4x4 s2 at widths nf, 2 nf and 4 nf, then 3x3 s1 to
 * 8 nf, and a linear output; every layer of D spectrally normalised, none batch-normalised.
 * {@code model.generator-width} and {@code model.discriminator-width} are the nf of G and D (64 in the paper, 32 in
 * the GAN doctor's baseline).
 */
public final class SnCnnArchitecture implements Architecture {
  private static final double LEAK = 0.1;

  @Override
  public Optional<String> lacks(Capability capability, ArchitectureSettings settings) {
    return switch (capability) {
      case DISCRIMINATOR_WITHOUT_BATCH_NORM -> Optional.empty();
      case CLASS_CONDITIONAL_GENERATOR -> Optional.of("the sn-cnn generator takes no labels; use "
          + "model.architecture = sngan");
    };
  }

  /** Side of the first feature map: 4 for 32 pixels, 6 for 48. */
  private static int start(long[] dataShape) {
    if (!Shapes.isSquareImage(dataShape, 32, 48)) {
      throw new ConfigException("model.architecture", "Cannot build the sn-cnn networks for data of shape "
          + Arrays.toString(dataShape) + ": they take square 32 and 48 pixel images. Ingest with --image-size 32 or "
          + "48.");
    }
    return dataShape[1] == 48 ? 6 : 4;
  }

  @Override
  public List<Layer> generator(ArchitectureSettings settings, long[] dataShape, int classes) {
    int start = start(dataShape);
    long nf = settings.generatorWidth();
    List<Layer> layers = new ArrayList<>();
    layers.add(new Reshape(settings.latentDim(), 1, 1));
    layers.add(new ConvTranspose2d(nf * 8, start, 1, 0, false));
    layers.add(new BatchNorm());
    layers.add(Activation.relu());
    for (long width = nf * 4; width >= nf; width /= 2) {
      layers.add(new ConvTranspose2d(width, 4, 2, 1, false));
      layers.add(new BatchNorm());
      layers.add(Activation.relu());
    }
    layers.add(new Conv2d(dataShape[0], 3, 1, 1, true));
    layers.add(Activation.tanh());
    return layers;
  }

  @Override
  public List<Layer> discriminator(ArchitectureSettings settings, long[] dataShape, int outputs) {
    int start = start(dataShape);
    long nf = settings.discriminatorWidth();
    List<Layer> layers = new ArrayList<>();
    for (long width = nf; width <= nf * 4; width *= 2) {
      layers.add(SpectralNorm.of(new Conv2d(width, 3, 1, 1, true)));
      layers.add(Activation.leakyRelu(LEAK));
      layers.add(SpectralNorm.of(new Conv2d(width, 4, 2, 1, true)));
      layers.add(Activation.leakyRelu(LEAK));
    }
    layers.add(SpectralNorm.of(new Conv2d(nf * 8, 3, 1, 1, true)));
    layers.add(Activation.leakyRelu(LEAK));
    layers.add(new Reshape(nf * 8 * start * start));
    layers.add(SpectralNorm.of(Dense.withBias(outputs)));
    return layers;
  }
}
