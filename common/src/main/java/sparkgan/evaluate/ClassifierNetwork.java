package sparkgan.evaluate;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.model.ArchitectureSettings;
import sparkgan.model.Architectures;
import sparkgan.model.nn.Activations;
import sparkgan.model.nn.Mode;
import sparkgan.model.nn.NativeMemory;
import sparkgan.model.nn.Network;
import sparkgan.model.nn.Rng;
import sparkgan.train.InMemoryImages;

/**
 * A trained classifier's network: the discriminator of a {@code gan.class = classifier} training, rebuilt from its
 * architecture settings with one output per class, holding the trained parameters and batch-norm statistics. It
 * runs in evaluation mode (running statistics, no dropout), so an image's outputs do not depend on its batch.
 *
 * <p>Features are the input of D's last layer with parameters (the final convolution or dense layer), flattened:
 * the representation the logits are a linear function of. Thread-safe: evaluation passes only read the weights.
 */
public final class ClassifierNetwork {
  /** Names of the arrays in {@code network.bin}. */
  public static final String PARAMETERS = "classifier/parameters";
  public static final String BUFFERS = "classifier/buffers";
  /** Where the trainer keeps D's arrays ({@link sparkgan.train.GanTraining#state()}). */
  static final String TRAINED_PARAMETERS = "discriminator/parameters";
  static final String TRAINED_BUFFERS = "discriminator/buffers";

  private final Network network;
  private final long[] inputShape;
  private final int featureLayer;
  private final int featureDimension;

  /**
   * @param inputShape [channels, height, width] of the images it was trained on
   * @param state its {@link #PARAMETERS} and {@link #BUFFERS}
   * @throws IllegalArgumentException arrays that do not fit the architecture, naming both shapes
   */
  public ClassifierNetwork(ArchitectureSettings model, long[] inputShape, int classes, Map<String, INDArray> state) {
    this.inputShape = inputShape.clone();
    // The initial weights are overwritten below; the seed only has to be fixed.
    this.network = Architectures.discriminator(model, inputShape, classes, DataType.FLOAT, new Rng(0));
    network.restore(state.get(PARAMETERS), state.get(BUFFERS), "the classifier's " + PARAMETERS + " and " + BUFFERS);
    int last = -1;
    for (String name : network.namedParameters().keySet()) {
      last = Math.max(last, Integer.parseInt(name.substring(0, name.indexOf('.'))));
    }
    this.featureLayer = last;
    long[] featureShape = last == 0 ? inputShape : network.outputShape(last - 1);
    this.featureDimension = Math.toIntExact(Arrays.stream(featureShape).reduce(1, (a, b) -> a * b));
  }

  /** The classifier in a training's state ({@code discriminator/parameters} and {@code discriminator/buffers}). */
  public static ClassifierNetwork fromTrainingState(ArchitectureSettings model, long[] inputShape, int classes,
      Map<String, INDArray> trainingState) {
    Map<String, INDArray> state = new LinkedHashMap<>();
    state.put(PARAMETERS, trainingState.get(TRAINED_PARAMETERS));
    state.put(BUFFERS, trainingState.get(TRAINED_BUFFERS));
    return new ClassifierNetwork(model, inputShape, classes, state);
  }

  /** Its parameters and buffers by {@link #PARAMETERS} and {@link #BUFFERS}: the content of network.bin. */
  public Map<String, INDArray> state() {
    Map<String, INDArray> state = new LinkedHashMap<>();
    state.put(PARAMETERS, network.parameters());
    state.put(BUFFERS, network.buffers());
    return state;
  }

  /** [channels, height, width] of the images it takes. */
  public long[] inputShape() {
    return inputShape.clone();
  }

  public int classes() {
    return Math.toIntExact(network.outputShape()[0]);
  }

  /** Index of the layer whose input is the feature vector. */
  public int featureLayer() {
    return featureLayer;
  }

  public int featureDimension() {
    return featureDimension;
  }

  /** Each row's class: the index of its largest logit, the first on ties (as training counts accuracy). */
  public static int[] argmax(INDArray logits) {
    double[][] values = logits.toDoubleMatrix();
    int[] classes = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      for (int k = 1; k < values[i].length; k++) {
        if (values[i][k] > values[i][classes[i]]) {
          classes[i] = k;
        }
      }
    }
    return classes;
  }

  /**
   * Features [N, {@link #featureDimension()}] and logits [N, classes] of uint8 HWC images, scaled as in training
   * ({@link InMemoryImages#toNchw}). Activations live in the calling thread's step workspace, so call it outside a
   * training step; the outputs are detached from it.
   *
   * @throws IllegalArgumentException images of another shape than the training images, naming both
   */
  public FeatureExtractor.Outputs run(byte[][] images, int height, int width, int channels) {
    if (channels != inputShape[0] || height != inputShape[1] || width != inputShape[2]) {
      throw new IllegalArgumentException("Cannot run the classifier on " + height + "x" + width + "x" + channels
          + " (HxWxC) images: it was trained on " + inputShape[1] + "x" + inputShape[2] + "x" + inputShape[0]
          + " images");
    }
    if (images.length == 0) {
      throw new IllegalArgumentException("Cannot run the classifier on an empty batch");
    }
    for (int i = 0; i < images.length; i++) {
      if (images[i].length != height * width * channels) {
        throw new IllegalArgumentException("Cannot run the classifier on image " + i + " of the batch: "
            + images[i].length + " bytes, expected height·width·channels = " + height + "·" + width + "·"
            + channels + " (HWC uint8)");
      }
    }
    try (MemoryWorkspace arrays = NativeMemory.stepWorkspace()) {
      INDArray x = InMemoryImages.toNchw(images, channels, height, width);
      Activations out = network.forward(x, Mode.EVAL, new Rng(0));
      INDArray features = featureLayer == 0 ? out.input() : out.output(featureLayer - 1);
      return new FeatureExtractor.Outputs(
          features.reshape('c', images.length, featureDimension).castTo(DataType.FLOAT).detach(),
          out.output().castTo(DataType.FLOAT).detach());
    }
  }
}
