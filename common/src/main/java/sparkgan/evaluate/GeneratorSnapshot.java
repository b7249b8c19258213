package sparkgan.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.config.Sha256;
import sparkgan.model.Architectures;
import sparkgan.model.nn.Activations;
import sparkgan.model.nn.Mode;
import sparkgan.model.nn.NativeMemory;
import sparkgan.model.nn.Network;
import sparkgan.model.nn.Rng;
import sparkgan.train.Checkpoints;
import sparkgan.train.ExperimentConfig;
import sparkgan.train.RunLayout;
import sparkgan.train.SampleImages;

/**
 * A checkpoint's generator, rebuilt for sampling: the EMA weights when the run kept an EMA of G (as papers report),
 * else G's own. Images come out quantised to uint8 HWC exactly as datasets store real ones (the inverse of the
 * training input map x / 127.5 − 1, rounded and clamped), so real and generated images meet the extractor in the
 * same form. Sample {@code i} of a seed is a pure function of (checkpoint, seed, i): its latent comes from
 * {@link Rng.Stream#SAMPLE} of slice {@code i / sliceSize}, the same noise for every checkpoint.
 */
final class GeneratorSnapshot {
  static final String EMA = "ema";
  static final String RAW = "raw";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Network generator;
  private final long latentDim;
  /** Classes a class-conditional G takes, 0 for an unconditional one. */
  private final int classes;
  private final int channels;
  private final int height;
  private final int width;
  private final String variant;

  /**
   * What the results table records about a checkpoint, read without building its networks, and what building its
   * generator needs from the layout: the data shape and the classes of a class-conditional G (0 for none).
   */
  record Description(Path checkpoint, String checkpointSha256, String configSha256, String datasetSha256,
      String datasetPath, String split, long[] dataShape, int generatorClasses, String variant)
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

  }

  private GeneratorSnapshot(Network generator, long latentDim, int classes, long[] dataShape, String variant) {
    this.generator = generator;
    this.latentDim = latentDim;
    this.classes = classes;
    this.channels = (int) dataShape[0];
    this.height = (int) dataShape[1];
    this.width = (int) dataShape[2];
    this.variant = variant;
  }

  /**
   * Reads a checkpoint's description: its config, provenance and state layout, and the SHA-256 of its state file.
   *
   * @throws IOException a checkpoint whose files cannot be read, naming the file
   */
  static Description describe(Configuration conf, Path checkpoint) throws IOException {
    FileSystem fs = checkpoint.getFileSystem(conf);
    ExperimentConfig config = config(fs, checkpoint);
    SortedMap<String, String> provenance = Checkpoints.readProvenance(conf, checkpoint);
    JsonNode layout = layout(fs, checkpoint);
    long[] dataShape = dataShape(layout);
    boolean ema = layout.path("arrays").has("generator_ema/parameters");
    return new Description(checkpoint, Sha256.ofFile(fs, new Path(checkpoint, RunLayout.STATE_FILE)),
        provenance.getOrDefault("run.config-sha256", config.sha256()), provenance.getOrDefault("run.dataset-sha256", ""),
        config.data().source(), config.data().split(), dataShape, layout.path("generator_classes").asInt(0),
        ema ? EMA : RAW);
  }

  /** The shape of what a checkpoint's G generates, from its {@code layout.json} alone. */
  static long[] dataShape(Configuration conf, Path checkpoint) throws IOException {
    return dataShape(layout(checkpoint.getFileSystem(conf), checkpoint));
  }

  private static JsonNode layout(FileSystem fs, Path checkpoint) throws IOException {
    try (InputStream in = fs.open(new Path(checkpoint, Checkpoints.LAYOUT_FILE))) {
      return JSON.readTree(in);
    }
  }

  private static long[] dataShape(JsonNode layout) {
    JsonNode shape = layout.path("data_shape");
    long[] dataShape = new long[shape.size()];
    for (int i = 0; i < dataShape.length; i++) {
      dataShape[i] = shape.get(i).asLong();
    }
    return dataShape;
  }

  /** Loads the sampling generator of a checkpoint. */
  static GeneratorSnapshot load(Configuration conf, Description description) throws IOException {
    FileSystem fs = description.checkpoint().getFileSystem(conf);
    ExperimentConfig config = config(fs, description.checkpoint());
    Map<String, INDArray> state = Checkpoints.readState(conf, description.checkpoint());
    String prefix = description.variant().equals(EMA) ? "generator_ema/" : "generator/";
    int classes = description.generatorClasses();
    Network generator = Architectures.generator(config.model(), description.dataShape(), classes, DataType.FLOAT,
        new Rng(config.seed()));
    generator.restore(state.get(prefix + "parameters"), state.get(prefix + "buffers"),
        description.checkpoint() + " (" + prefix + "*, for the config's " + config.model().architecture() + ")");
    return new GeneratorSnapshot(generator, config.model().latentDim(), classes, description.dataShape(),
        description.variant());
  }

  private static ExperimentConfig config(FileSystem fs, Path checkpoint) throws IOException {
    try (InputStream in = fs.open(new Path(checkpoint, RunLayout.CONFIG_FILE))) {
      return ExperimentConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), List.of());
    }
  }

  int channels() {
    return channels;
  }

  int height() {
    return height;
  }

  int width() {
    return width;
  }

  String variant() {
    return variant;
  }

  /**
   * G on {@code z}, the latents of a slice's samples from {@code first} on. A class-conditional G gets the label
   * of each sample's index in its slice modulo the classes: every class equally often, whatever the order.
   */
  private Activations forward(INDArray z, int first) {
    if (classes == 0) {
      return generator.forward(z, Mode.EVAL, new Rng(0));
    }
    int[] labels = new int[Math.toIntExact(z.size(0))];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (first + i) % classes;
    }
    return generator.forward(z, labels, Mode.EVAL, new Rng(0));
  }

  /**
   * Samples [{@code from}, {@code from + count}) of slice {@code slice} of {@code seed}, as uint8 HWC images;
   * latents are drawn for the slice in order, so a slice's first images do not depend on how many are asked for.
   */
  byte[][] images(long seed, long slice, int count, int batchSize) {
    Rng noise = Rng.derived(seed, Rng.Stream.SAMPLE, slice, 0);
    byte[][] images = new byte[count][];
    int plane = height * width;
    for (int start = 0; start < count; start += batchSize) {
      int n = Math.min(batchSize, count - start);
      try (MemoryWorkspace arrays = NativeMemory.stepWorkspace()) {
        INDArray z = noise.gaussian(DataType.FLOAT, 0, 1, n, latentDim);
        // EVAL mode draws nothing; its own generator keeps the latent stream a prefix-stable sequence regardless.
        float[] nchw = forward(z, start).output().dup('c').data().asFloat();
        for (int b = 0; b < n; b++) {
          byte[] image = new byte[plane * channels];
          for (int c = 0; c < channels; c++) {
            for (int p = 0; p < plane; p++) {
              image[p * channels + c] = (byte) SampleImages.toByte(nchw[(b * channels + c) * plane + p]);
            }
          }
          images[start + b] = image;
        }
      }
    }
    return images;
  }
}
