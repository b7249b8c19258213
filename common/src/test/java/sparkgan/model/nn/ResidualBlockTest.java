package sparkgan.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The blocks' structure: shapes, the arrays they declare and how those are initialised. */
class ResidualBlockTest {

  @Test
  void generatorBlockDoublesTheSideAndNamesItsArrays() {
    Network g = Network.build("g", new long[] {6, 4, 4}, List.of(ResidualBlock.generatorUp(5)), DataType.FLOAT,
        new Rng(1));
    assertArrayEquals(new long[] {5, 8, 8}, g.outputShape());
    assertEquals(List.of("0.gblock.main.0.bn.gamma", "0.gblock.main.0.bn.beta", "0.gblock.main.3.conv.weight",
        "0.gblock.main.4.bn.gamma", "0.gblock.main.4.bn.beta", "0.gblock.main.6.conv.weight",
        "0.gblock.main.6.conv.bias", "0.gblock.shortcut.0.conv.weight", "0.gblock.shortcut.0.conv.bias"),
        List.copyOf(g.namedParameters().keySet()));
    assertEquals(List.of("0.gblock.main.0.bn.running_mean", "0.gblock.main.0.bn.running_var",
        "0.gblock.main.4.bn.running_mean", "0.gblock.main.4.bn.running_var"), List.copyOf(g.namedBuffers().keySet()));
  }

  @Test
  void conditionalGeneratorBlockKeepsPerClassRowsInItsNorms() {
    Network g = Network.build("g", new long[] {6, 4, 4}, List.of(ResidualBlock.generatorUp(5, 3)), DataType.FLOAT,
        new Rng(1));
    assertTrue(g.conditional());
    assertArrayEquals(new long[] {5, 8, 8}, g.outputShape());
    assertEquals(List.of("0.gblock.main.0.cbn.gamma", "0.gblock.main.0.cbn.beta", "0.gblock.main.3.conv.weight",
        "0.gblock.main.4.cbn.gamma", "0.gblock.main.4.cbn.beta", "0.gblock.main.6.conv.weight",
        "0.gblock.main.6.conv.bias", "0.gblock.shortcut.0.conv.weight", "0.gblock.shortcut.0.conv.bias"),
        List.copyOf(g.namedParameters().keySet()));
    assertArrayEquals(new long[] {3, 6}, g.namedParameters().get("0.gblock.main.0.cbn.gamma").shape());
    assertArrayEquals(new long[] {3, 5}, g.namedParameters().get("0.gblock.main.4.cbn.beta").shape());
    assertEquals(List.of("0.gblock.main.0.cbn.running_mean", "0.gblock.main.0.cbn.running_var",
        "0.gblock.main.4.cbn.running_mean", "0.gblock.main.4.cbn.running_var"), List.copyOf(g.namedBuffers().keySet()));
    Network plain = Network.build("g", new long[] {6, 4, 4}, List.of(ResidualBlock.generatorUp(5, 0)),
        DataType.FLOAT, new Rng(1));
    assertFalse(plain.conditional());
    assertEquals(Network.build("g", new long[] {6, 4, 4}, List.of(ResidualBlock.generatorUp(5)), DataType.FLOAT,
        new Rng(1)).namedParameters().keySet(), plain.namedParameters().keySet());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> ResidualBlock.generatorUp(5, -1));
    assertEquals("block classes must be >= 0, got -1", negative.getMessage());
  }

  @Test
  void aPointwiseConvolutionCommutesWithUpsampling() {
    // Why the generator block's shortcut convolves before it upsamples.
    Rng rng = new Rng(4);
    Network net = Network.build("c", new long[] {3, 4, 4}, List.of(new Conv2d(5, 1, 1, 0, true)), DataType.DOUBLE,
        rng);
    net.parameters().assign(rng.gaussian(DataType.DOUBLE, 0, 1, net.parameters().length())); // a non-zero bias too
    Layer conv = net.layers().get(0);
    Layer upsample = new Upsample2d();
    INDArray x = rng.gaussian(DataType.DOUBLE, 0, 1, 2, 3, 4, 4);
    INDArray upsampleThenConv = conv.forward(upsample.forward(x, Mode.TRAIN, rng).output(), Mode.TRAIN, rng)
        .output();
    INDArray convThenUpsample = upsample.forward(conv.forward(x, Mode.TRAIN, rng).output(), Mode.TRAIN, rng)
        .output();
    assertArrayEquals(new long[] {2, 5, 8, 8}, convThenUpsample.shape());
    assertEquals(0.0, upsampleThenConv.sub(convThenUpsample).amaxNumber().doubleValue(), 1e-12);
  }

  @Test
  void discriminatorBlocksDeclareAShortcutConvolutionOnlyWhenTheyNeedOne() {
    assertEquals(4, convolutions(ResidualBlock.discriminator(4, 4, false, false), 4), "identity shortcut");
    assertEquals(6, convolutions(ResidualBlock.discriminator(4, 4, true, false), 4), "downsampling");
    assertEquals(6, convolutions(ResidualBlock.discriminator(4, 8, false, false), 4), "more channels");
    assertEquals(6, convolutions(ResidualBlock.discriminatorFirst(8, false), 3), "first block");
  }

  /** Number of convolution arrays (weights and biases) a block declares for [in, 8, 8]. */
  private static long convolutions(ResidualBlock block, long in) {
    return block.parameters(new long[] {in, 8, 8}).stream().filter(s -> s.name().contains("conv")).count();
  }

  @Test
  void spectrallyNormalisedBlocksKeepAUVectorPerConvolution() {
    Network d = Network.build("d", new long[] {3, 8, 8}, List.of(ResidualBlock.discriminatorFirst(4, true),
        ResidualBlock.discriminator(4, 6, true, true)), DataType.FLOAT, new Rng(1));
    assertArrayEquals(new long[] {6, 2, 2}, d.outputShape());
    Map<String, INDArray> buffers = d.namedBuffers();
    assertEquals(List.of("0.dblock0.main.0.snconv.u", "0.dblock0.main.2.snconv.u", "0.dblock0.shortcut.1.snconv.u",
        "1.dblock.main.1.snconv.u", "1.dblock.main.3.snconv.u", "1.dblock.shortcut.0.snconv.u"),
        List.copyOf(buffers.keySet()));
    // Mimicry's DBlock: the first convolution keeps the input's channels (hidden = in), the second changes them.
    assertEquals(4, buffers.get("1.dblock.main.1.snconv.u").length());
    assertEquals(6, buffers.get("1.dblock.main.3.snconv.u").length());
  }

  @Test
  void convolutionsAreXavierUniform() {
    Network d = Network.build("d", new long[] {16, 8, 8}, List.of(ResidualBlock.discriminator(16, 32, true, false)),
        DataType.DOUBLE, new Rng(1));
    // U(-a, a), a = gain sqrt(6 / (fanIn + fanOut)): main 3x3 16 -> 16 with gain sqrt(2), shortcut 1x1 16 -> 32.
    XavierInitTest.assertUniform(d.namedParameters().get("0.dblock.main.1.conv.weight"),
        Math.sqrt(2) * Math.sqrt(6.0 / (16 * 9 + 16 * 9)));
    XavierInitTest.assertUniform(d.namedParameters().get("0.dblock.main.3.conv.weight"),
        Math.sqrt(2) * Math.sqrt(6.0 / (16 * 9 + 32 * 9)));
    XavierInitTest.assertUniform(d.namedParameters().get("0.dblock.shortcut.0.conv.weight"),
        Math.sqrt(6.0 / (16 + 32)));
    XavierInitTest.assertUniform(d.namedParameters().get("0.dblock.main.1.conv.bias"), 1 / Math.sqrt(16 * 9));
  }

  @Test
  void blocksRefuseInputsTheyWereNotBuiltFor() {
    IllegalArgumentException channels = assertThrows(IllegalArgumentException.class,
        () -> ResidualBlock.discriminator(4, 8, true, false).outputShape(new long[] {3, 8, 8}));
    assertEquals("dblock takes [4, H, W], got [3, 8, 8]", channels.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ResidualBlock.discriminatorFirst(4, true)
        .outputShape(new long[] {3, 7, 7}));
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> ResidualBlock.generatorUp(0));
    assertEquals("block channels must be >= 1, got 0", zero.getMessage());
  }
}
