package sparkgan.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import sparkgan.config.ConfigException;
import sparkgan.model.nn.Activation;
import sparkgan.model.nn.BatchNorm;
import sparkgan.model.nn.Conv2d;
import sparkgan.model.nn.Dense;
import sparkgan.model.nn.Layer;
import sparkgan.model.nn.Reshape;
import sparkgan.model.nn.ResidualBlock;
import sparkgan.model.nn.SpectralNorm;
import sparkgan.model.nn.SumPool;
import sparkgan.model.nn.XavierInit;

/**
 * SNGAN (Miyato et al. 2018; the ResNet backbones as Mimicry defines them) for 32, 48 and 64 pixels: G is a linear
 * layer to a 4x4 (6x6 at 48) map of ngf channels, three up-blocks (four at 64; widths constant at 32, halving at 48
 * and 64), batch norm, ReLU, a 3x3 convolution to C channels and tanh. D is the optimized block, down-blocks (at 32:
 * one downsampling block and two that keep the 8x8 map, all ndf wide; at 48 and 64 widths double from ndf/16 to
 * ndf, every block downsampling but the last at 48), ReLU, global sum pooling and a linear output, every convolution
 * and the output spectrally normalised. Xavier-uniform initialisation as Mimicry's ({@link ResidualBlock},
 * {@link XavierInit}). D has no batch norm, so WGAN-GP can train it. A class-conditional G (Miyato and Koyama
 * 2018, Mimicry's cGAN-PD) has conditional batch norm in its up-blocks; its last batch norm stays unconditional.
 */
public final class SnganArchitecture implements Architecture {

  @Override
  public Optional<String> lacks(Capability capability, ArchitectureSettings settings) {
    return switch (capability) {
      case DISCRIMINATOR_WITHOUT_BATCH_NORM -> Optional.empty();
      case CLASS_CONDITIONAL_GENERATOR -> Optional.empty();
    };
  }

  /** Side of SNGAN's first feature map: 4 for 32 and 64 pixels, 6 for 48. */
  private static int snganStart(long[] dataShape) {
    if (!Shapes.isSquareImage(dataShape, 32, 48, 64)) {
      throw new ConfigException("model.architecture", "Cannot build SNGAN for data of shape "
          + Arrays.toString(dataShape) + ": it supports square 32, 48 and 64 pixel images. Ingest with "
          + "--image-size 32, 48 or 64.");
    }
    return dataShape[1] == 48 ? 6 : 4;
  }

  @Override
  public List<Layer> generator(ArchitectureSettings settings, long[] dataShape, int classes) {
    int start = snganStart(dataShape);
    int blocks = Integer.numberOfTrailingZeros((int) (dataShape[1] / start));
    boolean halving = dataShape[1] != 32;
    long width = settings.generatorWidth();
    List<Layer> layers = new ArrayList<>();
    layers.add(XavierInit.of(Dense.withBias((long) start * start * width), 1.0));
    layers.add(new Reshape(width, start, start));
    for (int block = 1; block <= blocks; block++) {
      layers.add(ResidualBlock.generatorUp(halving ? width >> block : width, classes));
    }
    layers.add(new BatchNorm());
    layers.add(Activation.relu());
    layers.add(XavierInit.of(new Conv2d(dataShape[0], 3, 1, 1, true), 1.0));
    layers.add(Activation.tanh());
    return layers;
  }

  @Override
  public List<Layer> discriminator(ArchitectureSettings settings, long[] dataShape, int outputs) {
    snganStart(dataShape);
    long ndf = settings.discriminatorWidth();
    List<Layer> layers = new ArrayList<>();
    if (dataShape[1] == 32) {
      layers.add(ResidualBlock.discriminatorFirst(ndf, true));
      layers.add(ResidualBlock.discriminator(ndf, ndf, true, true));
      layers.add(ResidualBlock.discriminator(ndf, ndf, false, true));
      layers.add(ResidualBlock.discriminator(ndf, ndf, false, true));
    } else {
      if (ndf < 16) {
        throw ConfigException.invalid("model.discriminator-width", ">= 16 for SNGAN at 48 and 64 pixels (its "
            + "first block has width / 16 channels)", ndf);
      }
      layers.add(ResidualBlock.discriminatorFirst(ndf >> 4, true));
      for (int shift = 4; shift >= 1; shift--) {
        boolean last = shift == 1;
        layers.add(ResidualBlock.discriminator(ndf >> shift, ndf >> (shift - 1), !(last && dataShape[1] == 48),
            true));
      }
    }
    layers.add(Activation.relu());
    layers.add(new SumPool());
    layers.add(XavierInit.of(SpectralNorm.of(Dense.withBias(outputs)), 1.0));
    return layers;
  }
}
