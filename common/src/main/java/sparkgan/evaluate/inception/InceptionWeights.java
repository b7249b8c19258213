package sparkgan.evaluate.inception;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import sparkgan.config.Sha256;

/**
 * The Inception-v3 weights by name (pytorch-fid's names and layouts, whichever file they came from), with the file's
 * SHA-256 that results record. Immutable.
 */
public final class InceptionWeights {
  /** Where users get the files; nothing is downloaded at run time. */
  static final String WHERE_TO_GET = "Download it once and give its path (any Hadoop file system): the TensorFlow "
      + "graph classify_image_graph_def.pb is in inception-2015-12-05.tgz from the TensorFlow models download area "
      + "(download.tensorflow.org/models/image/imagenet/), pytorch-fid's pt_inception-2015-12-05-6726825d.pth is an "
      + "asset of pytorch-fid's GitHub releases. sparkgan never downloads weights at run time.";

  /** Which file the weights came from. */
  public enum Format {
    TENSORFLOW_GRAPH_DEF, TORCH_ZIP, TORCH_LEGACY, RANDOM
  }

  private final Map<String, Tensor> tensors;
  private final Format format;
  private final String source;
  private final String sha256;

  private InceptionWeights(Map<String, Tensor> tensors, Format format, String source, String sha256) {
    this.tensors = Map.copyOf(tensors);
    this.format = format;
    this.source = source;
    this.sha256 = sha256;
    check();
  }

  /**
   * Reads {@code path}: a TensorFlow GraphDef when its name ends in {@code .pb}, else a PyTorch state dict (zip or
   * legacy torch.save format).
   */
  public static InceptionWeights read(String path, Configuration hadoop) throws IOException {
    Path file = new Path(path);
    byte[] bytes;
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      try (InputStream in = fs.open(file)) {
        bytes = in.readAllBytes();
      }
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException("Cannot read Inception weights " + path + ": no such file. " + WHERE_TO_GET);
    }
    try {
      if (file.getName().endsWith(".pb")) {
        return new InceptionWeights(TensorFlowGraph.read(bytes, InceptionProtocol.TF_2015.batchNormEpsilon()),
            Format.TENSORFLOW_GRAPH_DEF, path, Sha256.hex(bytes));
      }
      Format format = TorchCheckpoint.isZip(bytes) ? Format.TORCH_ZIP : Format.TORCH_LEGACY;
      return new InceptionWeights(TorchCheckpoint.read(bytes), format, path, Sha256.hex(bytes));
    } catch (IOException | RuntimeException e) {
      throw new IOException("Cannot read Inception weights " + path + ": " + e.getMessage() + ". Give "
          + "classify_image_graph_def.pb (named *.pb) or pytorch-fid's pt_inception-2015-12-05-6726825d.pth. "
          + WHERE_TO_GET, e);
    }
  }

  /**
   * Random weights of a sensible scale (He-normal convolutions, batch-norm statistics near identity), for benchmarks:
   * the same architecture and cost as the real weights. Their {@link #sha256()} is that of the text
   * {@code random:<seed>}.
   */
  public static InceptionWeights random(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Tensor> tensors = new TreeMap<>();
    for (InceptionArchitecture.ConvSpec conv : InceptionArchitecture.CONVS) {
      long[] shape = conv.weightShape();
      tensors.put(conv.name() + InceptionArchitecture.CONV_WEIGHT,
          gaussian(random, shape, Math.sqrt(2.0 / (shape[1] * shape[2] * shape[3]))));
      tensors.put(conv.name() + InceptionArchitecture.BN_GAMMA, uniform(random, conv.out(), 0.5, 1.5));
      tensors.put(conv.name() + InceptionArchitecture.BN_BETA, uniform(random, conv.out(), -0.2, 0.2));
      tensors.put(conv.name() + InceptionArchitecture.BN_MEAN, uniform(random, conv.out(), -0.2, 0.2));
      tensors.put(conv.name() + InceptionArchitecture.BN_VARIANCE, uniform(random, conv.out(), 0.5, 1.5));
    }
    tensors.put(InceptionArchitecture.FC_WEIGHT, gaussian(random,
        new long[] {InceptionArchitecture.CLASSES, InceptionArchitecture.FEATURES},
        Math.sqrt(2.0 / InceptionArchitecture.FEATURES)));
    String source = "random:" + seed;
    return new InceptionWeights(tensors, Format.RANDOM, source,
        Sha256.hex(source.getBytes(StandardCharsets.UTF_8)));
  }

  private static Tensor gaussian(SplittableRandom random, long[] shape, double std) {
    float[] values = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
    for (int i = 0; i < values.length; i++) {
      // Box-Muller; one of the pair is enough here.
      double u = 1.0 - random.nextDouble();
      values[i] = (float) (std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble()));
    }
    return new Tensor(shape, values);
  }

  private static Tensor uniform(SplittableRandom random, int n, double from, double to) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextDouble(from, to);
    }
    return new Tensor(new long[] {n}, values);
  }

  /** Every weight the network needs, each of the architecture's shape; extra entries are ignored. */
  private void check() {
    List<String> problems = new ArrayList<>();
    for (InceptionArchitecture.ConvSpec conv : InceptionArchitecture.CONVS) {
      expect(problems, conv.name() + InceptionArchitecture.CONV_WEIGHT, conv.weightShape());
      for (String bn : List.of(InceptionArchitecture.BN_GAMMA, InceptionArchitecture.BN_BETA,
          InceptionArchitecture.BN_MEAN, InceptionArchitecture.BN_VARIANCE)) {
        expect(problems, conv.name() + bn, new long[] {conv.out()});
      }
    }
    expect(problems, InceptionArchitecture.FC_WEIGHT,
        new long[] {InceptionArchitecture.CLASSES, InceptionArchitecture.FEATURES});
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(problems.size() + " weights missing or mis-shaped: "
          + String.join("; ", problems.subList(0, Math.min(5, problems.size())))
          + (problems.size() > 5 ? "; ..." : ""));
    }
  }

  private void expect(List<String> problems, String name, long[] shape) {
    Tensor t = tensors.get(name);
    if (t == null) {
      problems.add(name + " missing");
    } else if (!Arrays.equals(t.shape(), shape)) {
      problems.add(name + " has shape " + t.shapeText() + ", expected " + Arrays.toString(shape));
    }
  }

  Tensor tensor(String name) {
    return tensors.get(name);
  }

  public Format format() {
    return format;
  }

  /** The path the weights were read from, or {@code random:<seed>}. */
  public String source() {
    return source;
  }

  /** Lower-case hex SHA-256 of the weights file's bytes. */
  public String sha256() {
    return sha256;
  }
}
