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
import sparkgan.model.nn.Layer;
import sparkgan.model.nn.Reshape;

/**
 * DCGAN (Radford, Metz and Chintala 2016) for 28, 32 and 64 pixels: G projects z with a transposed convolution to
 * 7x7 (28) or 4x4, then doubles the side with k4 s2 p1 transposed convolutions, batch norm and ReLU, halving the
 * channels, to C channels and tanh. D mirrors it with k4 s2 p1 convolutions, LeakyReLU(0.2), batch norm on all but
 * the first (unless {@code model.discriminator-batch-norm = false}), and a last convolution whose kernel covers the
 * whole 7x7 or 4x4 map, no pooling. Layers followed by batch norm have no bias; the others do.
 */
public final class DcganArchitecture implements Architecture {

  @Override
  public Optional<String> lacks(Capability capability, ArchitectureSettings settings) {
    return switch (capability) {
      case DISCRIMINATOR_WITHOUT_BATCH_NORM -> settings.discriminatorBatchNorm()
          ? Optional.of("the dcgan discriminator has batch norm, which couples the examples of a batch: set "
              + "model.discriminator-batch-norm = false")
          : Optional.empty();
      case CLASS_CONDITIONAL_GENERATOR -> Optional.of("the dcgan generator takes no labels; use "
          + "model.architecture = sngan");
    };
  }

  /** Side of the first feature map: 7 for 28-pixel images, 4 for 32 and 64. */
  private static int start(long[] dataShape) {
    if (!Shapes.isSquareImage(dataShape, 28, 32, 64)) {
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

  @Override
  public List<Layer> generator(ArchitectureSettings settings, long[] dataShape, int classes) {
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

  @Override
  public List<Layer> discriminator(ArchitectureSettings settings, long[] dataShape, int outputs) {
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
      layers.add(Activation.leakyRelu(MlpArchitecture.LEAK));
    }
    layers.add(new Conv2d(outputs, start, 1, 0, true));
    layers.add(new Reshape(outputs));
    return layers;
  }
}
