package sparkgan.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.config.ConfigException;
import sparkgan.model.nn.Mode;
import sparkgan.model.nn.Network;
import sparkgan.model.nn.Rng;

/** SNGAN's backbones at each resolution: shapes end to end, and the layer plan Mimicry's networks have. */
class ArchitecturesTest {
  private static ArchitectureSettings sngan(int ngf, int ndf) {
    return new ArchitectureSettings(ArchitectureSettings.Architecture.SNGAN, 16, ngf, ndf, List.of(), List.of(), 0,
        false);
  }

  @ParameterizedTest
  @ValueSource(ints = {32, 48, 64})
  void snganMapsLatentsToImagesAndImagesToLogits(int side) {
    long[] shape = {3, side, side};
    ArchitectureSettings settings = sngan(32, 32);
    Rng rng = new Rng(1);
    Network g = Architectures.generator(settings, shape, DataType.FLOAT, rng);
    Network d = Architectures.discriminator(settings, shape, 1, DataType.FLOAT, rng);
    INDArray images = g.forward(rng.gaussian(DataType.FLOAT, 0, 1, 2, 16), Mode.TRAIN, rng).output();
    assertArrayEquals(new long[] {2, 3, side, side}, images.shape());
    assertTrue(images.amaxNumber().doubleValue() <= 1.0, "tanh output");
    assertArrayEquals(new long[] {2, 1}, d.forward(images, Mode.TRAIN, rng).output().shape());
    assertArrayEquals(new long[] {2, 10}, Architectures.discriminator(settings, shape, 10, DataType.FLOAT, rng)
        .forward(images, Mode.EVAL, rng).output().shape());
  }

  @Test
  void snganAt32KeepsItsWidthsAndNormalisesEveryDiscriminatorWeight() {
    long[] shape = {3, 32, 32};
    Rng rng = new Rng(2);
    Network g = Architectures.generator(sngan(64, 32), shape, DataType.FLOAT, rng);
    Network d = Architectures.discriminator(sngan(64, 32), shape, 1, DataType.FLOAT, rng);
    // G: linear to 4x4x64, three up-blocks of 64 channels, BN, ReLU, conv, tanh.
    assertEquals(9, g.layers().size(), g.describe());
    // Parameters, counted by hand: linear 16·1024 + 1024; per block two BNs (2·2·64), a 3x3 conv without bias
    // (batch norm follows it), one with (64·64·9 + 64) and the 1x1 shortcut (64·64 + 64); BN, 3x3 conv to RGB.
    long block = 2 * 2 * 64 + 64 * 64 * 9 + (64 * 64 * 9 + 64) + (64 * 64 + 64);
    assertEquals(16 * 1024 + 1024 + 3 * block + 2 * 64 + (3 * 64 * 9 + 3), g.parameters().length());
    assertEquals(3, g.layers().stream().filter(l -> l.kind().equals("gblock")).count(), g.describe());
    // D: optimized block, three blocks (the first downsampling), ReLU, sum pooling, linear; all weights normalised.
    assertEquals(7, d.layers().size(), d.describe());
    long weights = d.namedParameters().keySet().stream().filter(name -> name.endsWith(".weight")).count();
    long normalised = d.namedBuffers().keySet().stream().filter(name -> name.endsWith(".u")).count();
    assertTrue(normalised > 0 && normalised == weights, d.namedParameters().keySet() + " / "
        + d.namedBuffers().keySet());
    // The map after D's blocks is 8x8 at 32 px: one downsampling in the optimized block, one in the next.
    assertArrayEquals(new long[] {32, 8, 8}, d.outputShape(3));
  }

  @Test
  void snganRefusesOtherSizesNamingThem() {
    ConfigException e = assertThrows(ConfigException.class, () -> Architectures.generator(sngan(8, 8),
        new long[] {1, 28, 28}, DataType.FLOAT, new Rng(0)));
    assertTrue(e.getMessage().contains("[1, 28, 28]") && e.getMessage().contains("32, 48 and 64"), e.getMessage());
    assertThrows(ConfigException.class, () -> Architectures.discriminator(sngan(8, 8), new long[] {3, 64, 64}, 1,
        DataType.FLOAT, new Rng(0)));
  }
}
