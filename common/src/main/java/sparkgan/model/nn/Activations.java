package sparkgan.model.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The result of one {@link Network#forward}: every layer's output, and the backward passes through that call.
 * Backward passes add into the network's gradient buffer, so several forward calls (a real and a fake batch)
 * can contribute to one update.
 */
public final class Activations {
  private final INDArray input;
  private final List<Layer.Frame> frames;
  private final int firstTrainableLayer;

  Activations(INDArray input, List<Layer.Frame> frames, int firstTrainableLayer) {
    this.input = input;
    this.frames = List.copyOf(frames);
    this.firstTrainableLayer = firstTrainableLayer;
  }

  public INDArray input() {
    return input;
  }

  /** The network's output. */
  public INDArray output() {
    return frames.get(frames.size() - 1).output();
  }

  /** The output of layer {@code index} (for feature matching, diagnostics). */
  public INDArray output(int index) {
    return frames.get(index).output();
  }

  public int layerCount() {
    return frames.size();
  }

  /** Backward from dL/d(output): adds parameter gradients, returns dL/d(input). */
  public INDArray backward(INDArray outputGradient) {
    return backward(Map.of(frames.size() - 1, outputGradient), Layer.Backprop.PARAMETERS_AND_INPUT);
  }

  /**
   * Adds the parameter gradients for dL/d(output) without computing dL/d(input): a network's own update (D on its
   * batches, G on z). Stops at the lowest layer with parameters and skips its input-gradient product.
   */
  public void backwardParameters(INDArray outputGradient) {
    backwardParameters(frames.size() - 1, outputGradient);
  }

  /**
   * As {@link #backwardParameters(INDArray)} for a loss on the output of layer {@code layer} alone (a head on D's
   * features): the layers above it take no part.
   */
  public void backwardParameters(int layer, INDArray layerOutputGradient) {
    backwardParameters(Map.of(layer, layerOutputGradient));
  }

  /**
   * As {@link #backwardParameters(INDArray)} for gradients at the outputs of any layers, summed where they meet
   * (a loss on D's output plus one on its features).
   */
  public void backwardParameters(Map<Integer, INDArray> gradientsAtLayers) {
    TreeMap<Integer, INDArray> seeds = new TreeMap<>(gradientsAtLayers);
    INDArray dy = null;
    for (int i = seeds.lastKey(); i >= firstTrainableLayer; i--) {
      INDArray seed = seeds.get(i);
      if (seed != null) {
        dy = dy == null ? seed : dy.add(seed);
      }
      dy = frames.get(i).backward(dy, i == firstTrainableLayer ? Layer.Backprop.PARAMETERS_ONLY
          : Layer.Backprop.PARAMETERS_AND_INPUT);
    }
  }

  /** dL/d(input) only, leaving the network's gradients untouched (D inside G's update). */
  public INDArray inputGradient(INDArray outputGradient) {
    return backward(Map.of(frames.size() - 1, outputGradient), Layer.Backprop.INPUT_ONLY);
  }

  /**
   * Backward from gradients at the outputs of any layers (keyed by layer index), summed where they meet: how a
   * loss on intermediate features (feature matching) and one on the output combine.
   */
  public INDArray backward(Map<Integer, INDArray> gradientsAtLayers, Layer.Backprop what) {
    TreeMap<Integer, INDArray> seeds = new TreeMap<>(gradientsAtLayers);
    INDArray dy = null;
    for (int i = seeds.lastKey(); i >= 0; i--) {
      INDArray seed = seeds.get(i);
      if (seed != null) {
        dy = dy == null ? seed : dy.add(seed);
      }
      dy = frames.get(i).backward(dy, what);
    }
    return dy;
  }

  /**
   * dL/d(input) for {@code outputGradient}, remembered layer by layer so that a penalty on it can be differentiated
   * with respect to the parameters ({@link InputGradient#backward}).
   */
  public InputGradient differentiableInputGradient(INDArray outputGradient) {
    List<INDArray> layerGradients = new ArrayList<>(frames.size());
    INDArray dy = outputGradient;
    for (int i = frames.size() - 1; i >= 0; i--) {
      layerGradients.add(0, dy);
      dy = frames.get(i).backward(dy, Layer.Backprop.INPUT_ONLY);
    }
    return new InputGradient(dy, layerGradients);
  }

  /** An input gradient g = dD/dx that can itself be differentiated with respect to D's parameters. */
  public final class InputGradient {
    private final INDArray value;
    private final List<INDArray> outputGradients;

    private InputGradient(INDArray value, List<INDArray> outputGradients) {
      this.value = value;
      this.outputGradients = outputGradients;
    }

    public INDArray value() {
      return value;
    }

    /**
     * Given dP/dg for a scalar P of g, adds dP/d(parameters) to the network's gradients. Runs the backward pass's
     * own chain in reverse (input to output), each layer's second-order rule at a time.
     */
    public void backward(INDArray adjoint) {
      INDArray v = adjoint;
      for (int i = 0; i < frames.size(); i++) {
        v = frames.get(i).doubleBackward(outputGradients.get(i), v);
      }
    }
  }
}
