package sparkgan.model.nn;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One layer of a {@link Network}. A layer declares its arrays, receives views of the network's flat buffers, and
 * runs forward passes that return a {@link Frame}: what the backward pass of that call needs.
 *
 * <p>Shapes exclude the batch dimension: {@code [C, H, W]} for images, {@code [F]} for vectors.
 */
public interface Layer {

  /** Short name for parameter names and provenance, e.g. {@code conv}. */
  String kind();

  /** Output shape for an input of {@code inputShape}; throws for an input the layer cannot take. */
  long[] outputShape(long[] inputShape);

  /** Arrays the layer owns, for an input of {@code inputShape}. */
  default List<ParameterSpec> parameters(long[] inputShape) {
    return List.of();
  }

  /** Receives, once, views of its arrays (by spec name) and of their gradients (trainable ones only). */
  default void bind(Map<String, INDArray> values, Map<String, INDArray> gradients) {}

  /** Runs the layer on a batch. */
  Frame forward(INDArray input, Mode mode, Rng rng);

  /**
   * Runs the layer on a batch whose examples carry class labels ({@code labels[i]} is example i's class, or
   * {@code labels} is null). Layers that do not read labels ignore them; containers pass them on.
   */
  default Frame forward(INDArray input, int[] labels, Mode mode, Rng rng) {
    return forward(input, mode, rng);
  }

  /**
   * Number of classes whose labels a class-conditional layer reads (labels lie in [0, classes)); 0 for layers that
   * ignore labels.
   */
  default int classes() {
    return 0;
  }

  /** True for layers that need labels: their three-argument {@code forward} refuses to run. */
  default boolean conditional() {
    return classes() > 0;
  }

  /** The record of one forward call. */
  interface Frame {
    INDArray output();

    /**
     * Returns dL/d(input) for {@code outputGradient} = dL/d(output); unless {@code what} is
     * {@link Backprop#INPUT_ONLY} also adds dL/d(parameters) to the gradient buffers.
     */
    INDArray backward(INDArray outputGradient, Backprop what);

    /**
     * Second-order pass for gradient penalties. A previous {@code backward} mapped {@code outputGradient} to an
     * input gradient g; given {@code inputGradientAdjoint} = dP/dg for a scalar P, adds dP/d(parameters) through
     * that map to the gradient buffers and returns dP/d(outputGradient). Terms through the forward activations
     * are zero for piecewise-linear layers, which are the layers that implement this.
     *
     * @throws UnsupportedOperationException for layers whose second derivative this does not cover
     */
    default INDArray doubleBackward(INDArray outputGradient, INDArray inputGradientAdjoint) {
      throw new UnsupportedOperationException("Cannot differentiate a gradient through a " + getClass().getSimpleName()
          + " layer. Gradient penalties need a critic of dense, convolution, (leaky) ReLU, dropout, reshape, pooling,"
          + " spectral-norm layers and residual blocks without batch norm.");
    }
  }

  /** A frame that keeps its call's input and output: all that most layers' backward passes need. */
  abstract class InputOutputFrame implements Frame {
    protected final INDArray input;
    protected final INDArray output;

    protected InputOutputFrame(INDArray input, INDArray output) {
      this.input = input;
      this.output = output;
    }

    @Override
    public final INDArray output() {
      return output;
    }
  }

  /** What a backward pass computes. */
  enum Backprop {
    /** Input gradient and parameter gradients (a network's own update). */
    PARAMETERS_AND_INPUT,
    /** Only the input gradient (the discriminator inside the generator's update). */
    INPUT_ONLY,
    /**
     * Only the parameter gradients; the returned input gradient may be null. {@link Activations} asks it of the
     * lowest layer with parameters when nobody needs dL/d(input), which spares D's update its largest product.
     */
    PARAMETERS_ONLY
  }
}
