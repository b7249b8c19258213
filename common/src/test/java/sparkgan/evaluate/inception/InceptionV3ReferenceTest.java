package sparkgan.evaluate.inception;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.config.Sha256;

/**
 * The network, on fixed random weights, against an independent PyTorch implementation of the same blocks
 * (tests/bench/pytorch_inception.py, run here by Debian's python3-torch): the script draws the weights from a seed,
 * saves them with torch.save in both formats, runs two batches of random uint8 images (grey 32x32 and RGB 28x36)
 * through the TF1 resize and the network in float64, and writes pool_3 and the bias-free logits. The Java network
 * (float32) must agree to 1e-5 of each output's largest magnitude, from either file and in either layout.
 */
class InceptionV3ReferenceTest {
  /** Relative to the largest |value| of each image's output vector; float32 through 48 layers stays well inside. */
  static final double TOLERANCE = 1e-5;
  static final Path SCRIPT = Path.of("..", "tests", "bench", "pytorch_inception.py").toAbsolutePath().normalize();

  @TempDir
  static Path dir;
  static InceptionWeights zip;
  static InceptionWeights legacy;
  private static Map<String, Tensor> torchTensors;

  @BeforeAll
  static void writeReference() throws Exception {
    run(List.of("/usr/bin/python3", "-c", "import torch, numpy"),
        "PyTorch is needed to build this test's reference: apt-get install python3-torch python3-numpy");
    run(List.of("/usr/bin/python3", SCRIPT.toString(), "reference", "--out", dir.toString()), "The reference script "
        + SCRIPT + " failed");
    zip = InceptionWeights.read(dir.resolve("weights-zip.pth").toString(), new Configuration());
    legacy = InceptionWeights.read(dir.resolve("weights-legacy.pth").toString(), new Configuration());
  }

  static void run(List<String> command, String failure) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      fail(failure + " (" + e.getMessage() + ")");
      return;
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      fail(failure + ":\n" + output);
    }
  }

  @Test
  void bothTorchFormatsGiveTheSameWeightsAndRecordTheirHashes() throws IOException {
    assertEquals(InceptionWeights.Format.TORCH_ZIP, zip.format());
    assertEquals(InceptionWeights.Format.TORCH_LEGACY, legacy.format());
    for (InceptionArchitecture.ConvSpec conv : InceptionArchitecture.CONVS) {
      for (String suffix : List.of(InceptionArchitecture.CONV_WEIGHT, InceptionArchitecture.BN_GAMMA,
          InceptionArchitecture.BN_BETA, InceptionArchitecture.BN_MEAN, InceptionArchitecture.BN_VARIANCE)) {
        assertArrayEquals(zip.tensor(conv.name() + suffix).values(), legacy.tensor(conv.name() + suffix).values(),
            conv.name() + suffix);
      }
    }
    assertArrayEquals(zip.tensor("fc.weight").values(), legacy.tensor("fc.weight").values());
    assertEquals(Sha256.hex(Files.readAllBytes(dir.resolve("weights-zip.pth"))), zip.sha256());
    assertEquals(Sha256.hex(Files.readAllBytes(dir.resolve("weights-legacy.pth"))), legacy.sha256());
  }

  @Test
  void zipWeightsMatchPyTorchInNchw() throws IOException {
    assertMatchesReference(new InceptionV3(zip, InceptionV3.Layout.NCHW));
  }

  @Test
  void legacyWeightsMatchPyTorchInNhwc() throws IOException {
    assertMatchesReference(new InceptionV3(legacy, InceptionV3.Layout.NHWC));
  }

  static void assertMatchesReference(InceptionV3 network) throws IOException {
    for (Batch batch : Batch.values()) {
      InceptionV3.Outputs outputs = network.run(batch.images(), batch.height, batch.width, batch.channels);
      double features = worstRelativeError(outputs.features(), reference(batch, "pool3"));
      double logits = worstRelativeError(outputs.logits(), reference(batch, "logits"));
      assertTrue(features < TOLERANCE && logits < TOLERANCE, batch + " " + network.layout() + ": relative error "
          + features + " (pool_3), " + logits + " (logits), tolerance " + TOLERANCE);
    }
  }

  /** The two reference batches the script writes: 2 images each, uint8 HWC. */
  enum Batch {
    GREY(32, 32, 1), RGB(28, 36, 3);

    final int height;
    final int width;
    final int channels;

    Batch(int height, int width, int channels) {
      this.height = height;
      this.width = width;
      this.channels = channels;
    }

    byte[][] images() throws IOException {
      byte[] all = Files.readAllBytes(dir.resolve(name().toLowerCase() + ".u8"));
      int size = height * width * channels;
      byte[][] images = new byte[all.length / size][];
      for (int i = 0; i < images.length; i++) {
        images[i] = java.util.Arrays.copyOfRange(all, i * size, (i + 1) * size);
      }
      return images;
    }
  }

  static double[] reference(Batch batch, String output) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(batch.name().toLowerCase() + "." + output
        + ".f64"))).order(ByteOrder.LITTLE_ENDIAN);
    double[] values = new double[bytes.remaining() / 8];
    bytes.asDoubleBuffer().get(values);
    return values;
  }

  /** max over images of max|actual − expected| / max|expected|, per image's output vector. */
  static double worstRelativeError(INDArray actual, double[] expected) {
    long rows = actual.size(0);
    long columns = actual.size(1);
    assertEquals(expected.length, rows * columns, "output size");
    double worst = 0;
    for (int r = 0; r < rows; r++) {
      double largest = 0;
      double error = 0;
      for (int c = 0; c < columns; c++) {
        double e = expected[(int) (r * columns + c)];
        largest = Math.max(largest, Math.abs(e));
        error = Math.max(error, Math.abs(actual.getDouble(r, c) - e));
      }
      worst = Math.max(worst, error / largest);
    }
    return worst;
  }

  /** The names of branches whose shapes are alike, as the 2015 graph and pytorch-fid's state dict name them. */
  @Test
  void tensorFlowNamesFollowTheBranchOrder() {
    Map<String, String> expected = Map.of(
        "Conv2d_4a_3x3", "conv_4",
        "Mixed_5b.branch3x3dbl_1", "mixed/tower_1/conv",
        "Mixed_5b.branch5x5_1", "mixed/tower/conv",
        "Mixed_6b.branch7x7_2", "mixed_4/tower/conv_1",
        "Mixed_6b.branch7x7dbl_3", "mixed_4/tower_1/conv_2",
        "Mixed_7a.branch3x3_1", "mixed_8/tower/conv",
        "Mixed_7c.branch3x3_2b", "mixed_10/tower/mixed/conv_1",
        "Mixed_7c.branch3x3dbl_3a", "mixed_10/tower_1/mixed/conv");
    Map<String, String> actual = new java.util.HashMap<>();
    InceptionArchitecture.CONVS.forEach(conv -> actual.put(conv.name(), conv.tfName()));
    expected.forEach((name, tf) -> assertEquals(tf, actual.get(name), name));
    assertEquals(94, InceptionArchitecture.CONVS.size(), "convolutions in the 2015 graph");
  }

  @Test
  void graphDefWeightsMatchPyTorch() throws IOException {
    Path pb = dir.resolve("classify_image_graph_def.pb");
    Files.write(pb, GraphDefs.inception(torchTensors(), true, 0.001f).toByteArray());
    InceptionWeights graph = InceptionWeights.read(pb.toString(), new Configuration());
    assertEquals(InceptionWeights.Format.TENSORFLOW_GRAPH_DEF, graph.format());
    for (InceptionArchitecture.ConvSpec conv : InceptionArchitecture.CONVS) {
      assertArrayEquals(zip.tensor(conv.name() + ".conv.weight").values(),
          graph.tensor(conv.name() + ".conv.weight").values(), conv.name() + " (HWIO to OIHW)");
      assertArrayEquals(zip.tensor(conv.name() + ".bn.weight").values(),
          graph.tensor(conv.name() + ".bn.weight").values(), conv.name());
    }
    assertArrayEquals(zip.tensor("fc.weight").values(), graph.tensor("fc.weight").values(), "softmax/weights");
    assertMatchesReference(new InceptionV3(graph));
  }

  /**
   * Negative control: a graph whose batch norms do not scale by gamma (scale_after_normalization false) must be read
   * with gamma = 1, and then the network no longer matches the reference, which used gamma.
   */
  @Test
  void graphWithoutBatchNormScalingIgnoresGammaAndDiffers() throws IOException {
    Path pb = dir.resolve("unscaled.pb");
    Files.write(pb, GraphDefs.inception(torchTensors(), false, 0.001f).toByteArray());
    InceptionWeights graph = InceptionWeights.read(pb.toString(), new Configuration());
    float[] gamma = graph.tensor("Mixed_6e.branch_pool.bn.weight").values();
    for (float g : gamma) {
      assertEquals(1f, g);
    }
    InceptionV3.Outputs outputs = new InceptionV3(graph).run(Batch.GREY.images(), 32, 32, 1);
    assertTrue(worstRelativeError(outputs.features(), reference(Batch.GREY, "pool3")) > 100 * TOLERANCE);
  }

  /** Negative control: two same-shaped branches swapped (a wrong name mapping) are caught by the comparison. */
  @Test
  void swappedBranchesDoNotMatch() throws IOException {
    Map<String, Tensor> swapped = new java.util.HashMap<>(torchTensors());
    for (String suffix : List.of(".conv.weight", ".bn.weight", ".bn.bias", ".bn.running_mean", ".bn.running_var")) {
      Tensor a = swapped.get("Mixed_6b.branch7x7_2" + suffix);
      swapped.put("Mixed_6b.branch7x7_2" + suffix, swapped.get("Mixed_6b.branch7x7dbl_3" + suffix));
      swapped.put("Mixed_6b.branch7x7dbl_3" + suffix, a);
    }
    Path pb = dir.resolve("swapped.pb");
    Files.write(pb, GraphDefs.inception(swapped, true, 0.001f).toByteArray());
    InceptionV3.Outputs outputs = new InceptionV3(InceptionWeights.read(pb.toString(), new Configuration()))
        .run(Batch.GREY.images(), 32, 32, 1);
    assertTrue(worstRelativeError(outputs.features(), reference(Batch.GREY, "pool3")) > 100 * TOLERANCE);
  }

  /** The zip file's tensors, read once for the graph tests. */
  static synchronized Map<String, Tensor> torchTensors() throws IOException {
    if (torchTensors == null) {
      torchTensors = TorchCheckpoint.read(Files.readAllBytes(dir.resolve("weights-zip.pth")));
    }
    return torchTensors;
  }
}
