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

/**
 * The built-in families: SNGAN's backbones at each resolution (shapes end to end, and the layer plan Mimicry's
 * networks have, unconditional and class-conditional), and Miyato's standard CNN; families are found by name.
 */
class ArchitecturesTest {
  private static ArchitectureSettings sngan(int ngf, int ndf) {
    return new ArchitectureSettings("sngan", 16, ngf, ndf, List.of(), List.of(), 0,
        false);
  }

  @ParameterizedTest
  @ValueSource(ints = {32, 48, 64})
  void snganMapsLatentsToImagesAndImagesToLogits(int side) {
    long[] shape = {3, side, side};
    ArchitectureSettings settings = sngan(32, 32);
    Rng rng = new Rng(1);
    Network g = Architectures.generator(settings, shape, 0, DataType.FLOAT, rng);
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
    Network g = Architectures.generator(sngan(64, 32), shape, 0, DataType.FLOAT, rng);
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
        new long[] {1, 28, 28}, 0, DataType.FLOAT, new Rng(0)));
    assertTrue(e.getMessage().contains("[1, 28, 28]") && e.getMessage().contains("32, 48 and 64"), e.getMessage());
    assertThrows(ConfigException.class, () -> Architectures.discriminator(sngan(8, 8), new long[] {3, 64, 64}, 1,
        DataType.FLOAT, new Rng(0)));
  }

  @Test
  void snCnnHasTheStandardCnnLayerPlanWithEveryDiscriminatorLayerNormalised() {
    long[] shape = {3, 32, 32};
    ArchitectureSettings settings = new ArchitectureSettings("sn-cnn", 256, 32, 32, List.of(), List.of(), 0, false);
    Rng rng = new Rng(4);
    Network g = Architectures.generator(settings, shape, 0, DataType.FLOAT, rng);
    Network d = Architectures.discriminator(settings, shape, 1, DataType.FLOAT, rng);
    // Parameters, counted by hand for nf 32, z 256: G deconvs 256->256 (4x4), 256->128, 128->64, 64->32 (4x4, no
    // bias, each with BN), conv 32->3 (3x3, bias).
    long gExpected = 256L * 256 * 16 + 2 * 256 + 256L * 128 * 16 + 2 * 128 + 128L * 64 * 16 + 2 * 64
        + 64L * 32 * 16 + 2 * 32 + (32L * 3 * 9 + 3);
    assertEquals(gExpected, g.parameters().length());
    // D: 3->32 (3x3), 32->32 (4x4), 32->64 (3x3), 64->64 (4x4), 64->128 (3x3), 128->128 (4x4), 128->256 (3x3), linear
    // 256*4*4 -> 1; every one with a bias and a spectral norm u vector of its output width.
    long dExpected = (3 * 32 * 9 + 32) + (32 * 32 * 16 + 32) + (32 * 64 * 9 + 64) + (64 * 64 * 16 + 64)
        + (64 * 128 * 9 + 128) + (128 * 128 * 16 + 128) + (128 * 256 * 9 + 256) + (256 * 16 + 1);
    assertEquals(dExpected, d.parameters().length());
    assertEquals(8, d.namedBuffers().keySet().stream().filter(name -> name.endsWith(".u")).count());
    INDArray images = g.forward(rng.gaussian(DataType.FLOAT, 0, 1, 2, 256), Mode.TRAIN, rng).output();
    assertArrayEquals(new long[] {2, 3, 32, 32}, images.shape());
    assertArrayEquals(new long[] {2, 1}, d.forward(images, Mode.TRAIN, rng).output().shape());
  }

  @Test
  void aConditionalSnganGeneratorHasPerClassNormsInItsBlocksOnly() {
    long[] shape = {1, 32, 32};
    Rng rng = new Rng(5);
    Network g = Architectures.generator(sngan(16, 16), shape, 10, DataType.FLOAT, rng);
    assertEquals(10, g.classes());
    // Three up-blocks, two conditional norms each, of 10 rows of 16 gains and biases; the last BN is shared.
    long rows = g.namedParameters().entrySet().stream().filter(e -> e.getKey().contains("cbn"))
        .mapToLong(e -> e.getValue().length()).sum();
    assertEquals(3 * 2 * 2 * 10 * 16, rows, g.namedParameters().keySet().toString());
    INDArray z = rng.gaussian(DataType.FLOAT, 0, 1, 2, 16);
    assertArrayEquals(new long[] {2, 1, 32, 32}, g.forward(z, new int[] {3, 7}, Mode.TRAIN, rng).output().shape());
  }

  @Test
  void familiesAreFoundByNameOrClassName() {
    assertEquals(List.of("mlp", "dcgan", "sngan", "sn-cnn"), Architectures.names());
    assertTrue(Architectures.find(SnCnnArchitecture.class.getName()) instanceof SnCnnArchitecture);
    ConfigException e = assertThrows(ConfigException.class, () -> Architectures.find("java.lang.String"));
    assertEquals("model.architecture", e.key());
  }
}
