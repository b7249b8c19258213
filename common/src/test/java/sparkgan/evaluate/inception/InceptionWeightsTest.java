package sparkgan.evaluate.inception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Error messages of the weight loaders, on files this test writes (no PyTorch needed). */
class InceptionWeightsTest {
  @TempDir
  Path dir;

  @Test
  void missingFileSaysWhereToGetItAndThatNothingIsDownloaded() {
    String path = dir.resolve("pt_inception-2015-12-05-6726825d.pth").toUri().toString();
    FileNotFoundException e = assertThrows(FileNotFoundException.class,
        () -> InceptionWeights.read(path, new Configuration()));
    assertTrue(e.getMessage().startsWith("Cannot read Inception weights " + path + ": no such file."), e.getMessage());
    for (String hint : new String[] {"inception-2015-12-05.tgz", "classify_image_graph_def.pb",
        "pt_inception-2015-12-05-6726825d.pth", "never downloads"}) {
      assertTrue(e.getMessage().contains(hint), hint);
    }
  }

  @Test
  void garbageIsNeitherFormat() throws IOException {
    Path file = dir.resolve("weights.pth");
    Files.write(file, new byte[] {1, 2, 3, 4, 5});
    IOException e = assertThrows(IOException.class, () -> InceptionWeights.read(file.toString(),
        new Configuration()));
    assertTrue(e.getMessage().startsWith("Cannot read Inception weights " + file + ": "), e.getMessage());
  }

  @Test
  void graphWithoutTheWeightsNamesTheFirstMissingNode() throws IOException {
    Path file = dir.resolve("empty.pb");
    Files.write(file, org.tensorflow.framework.GraphDef.newBuilder().build().toByteArray());
    IOException e = assertThrows(IOException.class, () -> InceptionWeights.read(file.toString(),
        new Configuration()));
    assertTrue(e.getMessage().startsWith("Cannot read Inception weights " + file
        + ": node conv/conv2d_params is missing, expected a Const."), e.getMessage());
  }

  @Test
  void graphWithAnotherEpsilonIsRefused() throws IOException {
    Map<String, Tensor> random = new HashMap<>();
    InceptionWeights weights = InceptionWeights.random(3);
    for (InceptionArchitecture.ConvSpec conv : InceptionArchitecture.CONVS) {
      for (String suffix : new String[] {".conv.weight", ".bn.weight", ".bn.bias", ".bn.running_mean",
          ".bn.running_var"}) {
        random.put(conv.name() + suffix, weights.tensor(conv.name() + suffix));
      }
    }
    random.put("fc.weight", weights.tensor("fc.weight"));
    Path file = dir.resolve("eps.pb");
    Files.write(file, GraphDefs.inception(random, true, 0.01f).toByteArray());
    IOException e = assertThrows(IOException.class, () -> InceptionWeights.read(file.toString(),
        new Configuration()));
    assertTrue(e.getMessage().contains("node conv/batchnorm has variance_epsilon 0.01, the protocol needs 0.001"),
        e.getMessage());
  }

  @Test
  void randomWeightsHaveTheArchitecturesShapes() {
    InceptionWeights weights = InceptionWeights.random(1);
    assertEquals(InceptionWeights.Format.RANDOM, weights.format());
    assertEquals("random:1", weights.source());
    assertEquals(2048 * 1008, weights.tensor("fc.weight").values().length);
  }
}
