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

  static Map<String, Tensor> torchTensors() throws IOException {
    return TorchCheckpoint.read(Files.readAllBytes(dir.resolve("weights-zip.pth")));
  }
}
