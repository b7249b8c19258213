package sparkgan.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import sparkgan.config.ConfigException;
import sparkgan.model.nn.Activation;
import sparkgan.model.nn.BatchNorm;
import sparkgan.model.nn.Conv2d;
import sparkgan.model.nn.ConvTranspose2d;
import sparkgan.model.nn.Dense;
import sparkgan.model.nn.Dropout;
import sparkgan.model.nn.Layer;
import sparkgan.model.nn.Network;
import sparkgan.model.nn.Reshape;
import sparkgan.model.nn.ResidualBlock;
import sparkgan.model.nn.SpectralNorm;
import sparkgan.model.nn.SumPool;
import sparkgan.model.nn.XavierInit;
import sparkgan.model.nn.Rng;

/**
 * Builds generators and discriminators. Data shape decides the ends: [C, H, W] images get a tanh output in
 * [-1, 1]; [F] vectors (the 2-D ring) a linear one. Resolution, channels and widths are parameters, not classes.
 *
 * <ul>
 *   <li>MLP (Goodfellow et al. 2014): G = [linear, batch norm, ReLU] per hidden size, linear out; D = [linear,
 *       LeakyReLU(0.2), dropout] per hidden size, a linear output.
 *   <li>DCGAN (Radford, Metz and Chintala 2016) for 28, 32 and 64 pixels: G projects z with a transposed
 *       convolution to 7x7 (28) or 4x4, then doubles the side with k4 s2 p1 transposed convolutions, batch norm
 *       and ReLU, halving the channels, to C channels and tanh. D mirrors it with k4 s2 p1 convolutions,
 *       LeakyReLU(0.2), batch norm on all but the first (unless disabled for WGAN-GP), and a last convolution
 *       whose kernel covers the whole 7x7 or 4x4 map, no pooling. Layers followed by batch norm have no bias; the
 *       others do.
 *   <li>SNGAN (Miyato et al. 2018; the ResNet backbones as Mimicry defines them) for 32, 48 and 64 pixels: G is a
 *       linear layer to a 4x4 (6x6 at 48) map of ngf channels, three up-blocks (four at 64; widths constant at 32,
 *       halving at 48 and 64), batch norm, ReLU, a 3x3 convolution to C channels and tanh. D is the optimized
 *       block, down-blocks (at 32: one downsampling block and two that keep the 8x8 map, all ndf wide; at 48 and
 *       64 widths double from ndf/16 to ndf, every block downsampling but the last at 48), ReLU, global sum
 *       pooling and a linear output, every convolution and the output spectrally normalised. Xavier-uniform
 *       initialisation as Mimicry's ({@link ResidualBlock}, {@link XavierInit}).
 * </ul>
 * D's output is one logit per example for a GAN, or one per class for a classifier ({@link Gan#discriminatorOutputs}):
 * only the width of its last layer changes.
 */
public final class Architectures {
  static final double LEAK = 0.2;

  private Architectures() {}

  public static Network generator(ArchitectureSettings settings, long[] dataShape, DataType type, Rng rng) {
    List<Layer> layers = switch (settings.architecture()) {
      case MLP -> mlpGenerator(settings, dataShape);
      case DCGAN -> dcganGenerator(settings, dataShape);
      case SNGAN -> snganGenerator(settings, dataShape);
    };
    return Network.build("generator", new long[] {settings.latentDim()}, layers, type, rng);
  }

  /** @param outputs width of D's output per example, &gt;= 1: 1 for a GAN, the number of classes for a classifier */
  public static Network discriminator(ArchitectureSettings settings, long[] dataShape, int outputs, DataType type,
      Rng rng) {
    if (outputs < 1) {
      throw new IllegalArgumentException("outputs must be >= 1, got " + outputs);
    }
    List<Layer> layers = switch (settings.architecture()) {
      case MLP -> mlpDiscriminator(settings, dataShape, outputs);
      case DCGAN -> dcganDiscriminator(settings, dataShape, outputs);
      case SNGAN -> snganDiscriminator(settings, dataShape, outputs);
    };
    return Network.build("discriminator", dataShape, layers, type, rng);
  }

  private static boolean isImage(long[] dataShape) {
    return dataShape.length == 3;
  }

  private static long size(long[] shape) {
    return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
  }

  private static List<Layer> mlpGenerator(ArchitectureSettings settings, long[] dataShape) {
    List<Layer> layers = new ArrayList<>();
    for (int hidden : settings.generatorHidden()) {
      layers.add(Dense.withoutBias(hidden));
      layers.add(new BatchNorm());
      layers.add(Activation.relu());
    }
    layers.add(Dense.withBias(size(dataShape)));
    if (isImage(dataShape)) {
      layers.add(Activation.tanh());
      layers.add(new Reshape(dataShape));
    }
    return layers;
  }

  private static List<Layer> mlpDiscriminator(ArchitectureSettings settings, long[] dataShape, int outputs) {
    List<Layer> layers = new ArrayList<>();
    if (isImage(dataShape)) {
      layers.add(new Reshape(size(dataShape)));
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

  /** Side of SNGAN's first feature map: 4 for 32 and 64 pixels, 6 for 48. */
  private static int snganStart(long[] dataShape) {
    if (!isImage(dataShape) || dataShape[1] != dataShape[2]
        || !(dataShape[1] == 32 || dataShape[1] == 48 || dataShape[1] == 64)) {
      throw new ConfigException("model.architecture", "Cannot build SNGAN for data of shape "
          + Arrays.toString(dataShape) + ": it supports square 32, 48 and 64 pixel images. Ingest with "
          + "--image-size 32, 48 or 64.");
    }
    return dataShape[1] == 48 ? 6 : 4;
  }

  private static List<Layer> snganGenerator(ArchitectureSettings settings, long[] dataShape) {
    int start = snganStart(dataShape);
    int blocks = Integer.numberOfTrailingZeros((int) (dataShape[1] / start));
    boolean halving = dataShape[1] != 32;
    long width = settings.generatorWidth();
    List<Layer> layers = new ArrayList<>();
    layers.add(XavierInit.of(Dense.withBias((long) start * start * width), 1.0));
    layers.add(new Reshape(width, start, start));
    for (int block = 1; block <= blocks; block++) {
      layers.add(ResidualBlock.generatorUp(halving ? width >> block : width));
    }
    layers.add(new BatchNorm());
    layers.add(Activation.relu());
    layers.add(XavierInit.of(new Conv2d(dataShape[0], 3, 1, 1, true), 1.0));
    layers.add(Activation.tanh());
    return layers;
  }

  private static List<Layer> snganDiscriminator(ArchitectureSettings settings, long[] dataShape, int outputs) {
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

  /** Side of the first feature map: 7 for 28-pixel images, 4 for 32 and 64. */
  private static int start(long[] dataShape) {
    if (!isImage(dataShape) || dataShape[1] != dataShape[2]
        || !(dataShape[1] == 28 || dataShape[1] == 32 || dataShape[1] == 64)) {
      throw new ConfigException("model.architecture", "Cannot build DCGAN for data of shape "
          + Arrays.toString(dataShape) + ": it supports square 28, 32 and 64 pixel images. Ingest with "
          + "--image-size 32 or 64, or use model.architecture = mlp.");
    }
    return dataShape[1] == 28 ? 7 : 4;
  }

  /** Number of k4 s2 p1 stages between the first feature map and the image. */
  private static int stages(long[] dataShape) {
    return Integer.numberOfTrailingZeros((int) (dataShape[1] / start(dataShape)));
  }

  private static List<Layer> dcganGenerator(ArchitectureSettings settings, long[] dataShape) {
    int start = start(dataShape);
    int stages = stages(dataShape);
    long width = settings.generatorWidth();
    List<Layer> layers = new ArrayList<>();
    layers.add(new Reshape(settings.latentDim(), 1, 1));
    layers.add(new ConvTranspose2d(width << (stages - 1), start, 1, 0, false));
    layers.add(new BatchNorm());
    layers.add(Activation.relu());
    for (int stage = stages - 2; stage >= 0; stage--) {
      layers.add(new ConvTranspose2d(width << stage, 4, 2, 1, false));
      layers.add(new BatchNorm());
      layers.add(Activation.relu());
    }
    layers.add(new ConvTranspose2d(dataShape[0], 4, 2, 1, true));
    layers.add(Activation.tanh());
    return layers;
  }

  private static List<Layer> dcganDiscriminator(ArchitectureSettings settings, long[] dataShape, int outputs) {
    int start = start(dataShape);
    int stages = stages(dataShape);
    long width = settings.discriminatorWidth();
    List<Layer> layers = new ArrayList<>();
    for (int stage = 0; stage < stages; stage++) {
      boolean batchNorm = stage > 0 && settings.discriminatorBatchNorm();
      layers.add(new Conv2d(width << stage, 4, 2, 1, !batchNorm));
      if (batchNorm) {
        layers.add(new BatchNorm());
      }
      layers.add(Activation.leakyRelu(LEAK));
    }
    layers.add(new Conv2d(outputs, start, 1, 0, true));
    layers.add(new Reshape(outputs));
    return layers;
  }
}
