package sparkgan.model.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A feed-forward stack of {@link Layer}s whose arrays live in three flat buffers: trainable parameters, their
 * gradients, and non-trainable buffers (batch-norm running statistics). Layers hold views into them. One flat
 * buffer per kind makes an optimizer step a handful of vector operations, and averaging a network across Spark
 * executors an average of two vectors.
 *
 * <p>Array names are {@code <layer index>.<kind>.<name>}, e.g. {@code 3.bn.running_mean}.
 */
public final class Network {
  static {
    NativeBackend.select();
  }

  private final String name;
  private final long[] inputShape;
  private final List<Layer> layers;
  private final List<long[]> outputShapes;
  private final INDArray parameters;
  private final INDArray gradients;
  private final INDArray buffers;
  private final Map<String, INDArray> trainable = new LinkedHashMap<>();
  private final Map<String, INDArray> nonTrainable = new LinkedHashMap<>();
  /** Index of the lowest layer with trainable parameters (layers.size() when none has any). */
  private final int firstTrainableLayer;
  /** The class count of the class-conditional layers, 0 when there are none. */
  private final int classes;

  private Network(String name, long[] inputShape, List<Layer> layers, DataType type, Rng rng) {
    this.name = name;
    this.inputShape = inputShape.clone();
    this.layers = List.copyOf(layers);
    this.classes = sharedClasses(name, this.layers);
    List<long[]> shapes = new ArrayList<>();
    List<List<ParameterSpec>> specs = new ArrayList<>();
    long[] shape = inputShape;
    long trainableLength = 0;
    long bufferLength = 0;
    for (Layer layer : layers) {
      List<ParameterSpec> layerSpecs = layer.parameters(shape);
      for (ParameterSpec spec : layerSpecs) {
        if (spec.trainable()) {
          trainableLength += spec.length();
        } else {
          bufferLength += spec.length();
        }
      }
      specs.add(layerSpecs);
      shape = layer.outputShape(shape);
      shapes.add(shape);
    }
    this.outputShapes = Collections.unmodifiableList(shapes);
    this.parameters = Nd4j.zeros(type, trainableLength);
    this.gradients = Nd4j.zeros(type, trainableLength);
    this.buffers = Nd4j.zeros(type, bufferLength);
    int firstTrainable = layers.size();
    long trainableOffset = 0;
    long bufferOffset = 0;
    for (int i = 0; i < layers.size(); i++) {
      Map<String, INDArray> values = new LinkedHashMap<>();
      Map<String, INDArray> grads = new LinkedHashMap<>();
      for (ParameterSpec spec : specs.get(i)) {
        String arrayName = i + "." + layers.get(i).kind() + "." + spec.name();
        INDArray value;
        if (spec.trainable()) {
          firstTrainable = Math.min(firstTrainable, i);
          value = view(parameters, trainableOffset, spec.shape());
          grads.put(spec.name(), view(gradients, trainableOffset, spec.shape()));
          trainableOffset += spec.length();
          trainable.put(arrayName, value);
        } else {
          value = view(buffers, bufferOffset, spec.shape());
          bufferOffset += spec.length();
          nonTrainable.put(arrayName, value);
        }
        spec.init().accept(value, rng);
        values.put(spec.name(), value);
      }
      layers.get(i).bind(values, grads);
    }
    this.firstTrainableLayer = firstTrainable;
  }

  /** Builds the network and initialises its parameters from {@code rng}. */
  public static Network build(String name, long[] inputShape, List<Layer> layers, DataType type, Rng rng) {
    return new Network(name, inputShape, layers, type, rng);
  }

  /** Labels index one class table: conditional layers that disagree on its size could not share a batch's labels. */
  private static int sharedClasses(String name, List<Layer> layers) {
    int[] counts = layers.stream().filter(Layer::conditional).mapToInt(Layer::classes).distinct().toArray();
    if (counts.length > 1) {
      throw new IllegalArgumentException("network " + name + " conditional layers must share one class count, got "
          + Arrays.toString(counts));
    }
    return counts.length == 0 ? 0 : counts[0];
  }

  private static INDArray view(INDArray flat, long offset, long[] shape) {
    return Nd4j.create(flat.data(), shape, Nd4j.getStrides(shape, 'c'), offset, 'c');
  }

  /**
   * Runs every layer; the result can run the backward pass.
   *
   * @throws IllegalArgumentException for a class-conditional network, which needs labels
   */
  public Activations forward(INDArray input, Mode mode, Rng rng) {
    return forward(input, null, mode, rng);
  }

  /**
   * Runs every layer with the examples' class labels ({@code labels[i]} in [0, {@link #classes()}) for example i;
   * null for a network that is not {@link #conditional()}). Labels are checked before any layer runs, so a refused
   * call leaves running statistics untouched.
   */
  public Activations forward(INDArray input, int[] labels, Mode mode, Rng rng) {
    if (input.rank() != inputShape.length + 1
        || !Arrays.equals(Arrays.copyOfRange(input.shape(), 1, input.rank()), inputShape)) {
      throw new IllegalArgumentException("Cannot run " + name + ": it takes [batch, " + Arrays.toString(inputShape)
          .replaceAll("[\\[\\]]", "") + "] input, got " + Arrays.toString(input.shape()));
    }
    if (labels == null) {
      if (conditional()) {
        throw new IllegalArgumentException("network " + name + " is class-conditional: forward it with labels");
      }
    } else {
      Labels.check(name, labels, input.size(0), classes);
    }
    List<Layer.Frame> frames = new ArrayList<>(layers.size());
    INDArray x = input;
    for (Layer layer : layers) {
      Layer.Frame frame = layer.forward(x, labels, mode, rng);
      frames.add(frame);
      x = frame.output();
    }
    return new Activations(input, frames, firstTrainableLayer);
  }

  public void zeroGradients() {
    gradients.assign(0);
  }

  /** True when some layer reads class labels: forward the network with labels. */
  public boolean conditional() {
    return classes > 0;
  }

  /** Number of classes the network's labels index; 0 for a network that is not conditional. */
  public int classes() {
    return classes;
  }

  public String name() {
    return name;
  }

  /** All trainable parameters as one vector; views of it are the layers' weights. Update it in place. */
  public INDArray parameters() {
    return parameters;
  }

  /** Gradients accumulated by backward passes since the last {@link #zeroGradients()}, aligned with parameters. */
  public INDArray gradients() {
    return gradients;
  }

  /**
   * The Euclidean norm of {@link #gradients()}, as BLAS's dot product: ND4J's own norm2 reduction is about 10x
   * slower on vectors of this size, and the trainer reports this every step.
   */
  public double gradientNorm() {
    return Math.sqrt(Nd4j.getBlasWrapper().dot(gradients, gradients));
  }

  /** Non-trainable state (running statistics) as one vector; may be empty. */
  public INDArray buffers() {
    return buffers;
  }

  /**
   * Replaces the parameters and buffers with stored vectors laid out as {@link #parameters()} and {@link #buffers()}
   * are (a checkpoint's or a classifier file's), for networks rebuilt outside their training.
   *
   * @param source names the stored vectors in messages
   * @throws IllegalArgumentException a vector that is missing or does not fit, naming it and what the network needs
   */
  public void restore(INDArray storedParameters, INDArray storedBuffers, String source) {
    restore(parameters, storedParameters, source, "parameters");
    restore(buffers, storedBuffers, source, "buffers");
  }

  private void restore(INDArray live, INDArray stored, String source, String part) {
    if (stored == null) {
      throw new IllegalArgumentException("Cannot restore network " + name + " from " + source + ": it has no "
          + part);
    }
    if (stored.length() != live.length() || stored.dataType() != live.dataType()) {
      throw new IllegalArgumentException("Cannot restore network " + name + " from " + source + ": its " + part
          + " are " + stored.dataType() + " " + java.util.Arrays.toString(stored.shape()) + ", the network needs "
          + live.dataType() + " [" + live.length() + "]");
    }
    if (!stored.isEmpty()) {
      live.assign(stored.reshape(live.shape()));
    }
  }

  /** Named views of the trainable parameters, in layer order. */
  public Map<String, INDArray> namedParameters() {
    return Collections.unmodifiableMap(trainable);
  }

  /** Named views of the non-trainable buffers, in layer order. */
  public Map<String, INDArray> namedBuffers() {
    return Collections.unmodifiableMap(nonTrainable);
  }

  public List<Layer> layers() {
    return layers;
  }

  public long[] inputShape() {
    return inputShape.clone();
  }

  public long[] outputShape() {
    return outputShapes.get(outputShapes.size() - 1).clone();
  }

  /** Output shape of layer {@code index} (per example). */
  public long[] outputShape(int index) {
    return outputShapes.get(index).clone();
  }

  public DataType dataType() {
    return parameters.dataType();
  }

  /** One line per layer: index, kind, output shape; then the parameter count. */
  public String describe() {
    StringBuilder text = new StringBuilder(name).append(" ").append(Arrays.toString(inputShape)).append('\n');
    for (int i = 0; i < layers.size(); i++) {
      text.append(String.format("  %2d %-8s -> %s%n", i, layers.get(i).kind(), Arrays.toString(outputShapes.get(i))));
    }
    return text.append("  parameters: ").append(parameters.length()).toString();
  }
}
