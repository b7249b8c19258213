package sparkgan.model.nn;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer's weight and optional bias with their gradient views: the bookkeeping dense and convolution layers
 * share. Gradients are added, never assigned, so that several backward passes can contribute to one update.
 */
final class WeightAndBias {
  private final boolean hasBias;
  private INDArray weight;
  private INDArray bias;
  private INDArray weightGradient;
  private INDArray biasGradient;

  WeightAndBias(boolean hasBias) {
    this.hasBias = hasBias;
  }

  /** Specs for a weight of {@code weightShape} and, when present, a bias of {@code biasLength}. */
  List<ParameterSpec> specs(BiConsumer<INDArray, Rng> weightInit, BiConsumer<INDArray, Rng> biasInit,
      long[] weightShape, long biasLength) {
    ParameterSpec w = ParameterSpec.trainable("weight", weightInit, weightShape);
    return hasBias ? List.of(w, ParameterSpec.trainable("bias", biasInit, biasLength)) : List.of(w);
  }

  void bind(Map<String, INDArray> values, Map<String, INDArray> gradients) {
    weight = values.get("weight");
    weightGradient = gradients.get("weight");
    bias = values.get("bias");
    biasGradient = gradients.get("bias");
  }

  boolean hasBias() {
    return hasBias;
  }

  INDArray weight() {
    return weight;
  }

  INDArray bias() {
    return bias;
  }

  /** {@code input} and the weight, with the bias when there is one: the inputs of a native layer op. */
  INDArray[] withParameters(INDArray input) {
    return hasBias ? new INDArray[] {input, weight, bias} : new INDArray[] {input, weight};
  }

  /** The same followed by {@code outputGradient}: the inputs of the op's _bp form. */
  INDArray[] withParameters(INDArray input, INDArray outputGradient) {
    return hasBias ? new INDArray[] {input, weight, bias, outputGradient}
        : new INDArray[] {input, weight, outputGradient};
  }

  /** Fresh arrays for a _bp op's outputs: input gradient, weight gradient and (with a bias) bias gradient. */
  INDArray[] gradientOutputs(INDArray input) {
    INDArray dx = Ops.empty(input, input.shape());
    INDArray dw = Ops.empty(weight, weight.shape());
    return hasBias ? new INDArray[] {dx, dw, Ops.empty(bias, bias.shape())} : new INDArray[] {dx, dw};
  }

  /** Adds the weight (and bias) gradients of a _bp op's outputs, laid out as {@link #gradientOutputs}. */
  void accumulate(INDArray[] bpOutputs) {
    weightGradient.addi(bpOutputs[1]);
    if (hasBias) {
      biasGradient.addi(bpOutputs[2]);
    }
  }

  INDArray weightGradient() {
    return weightGradient;
  }

  INDArray biasGradient() {
    return biasGradient;
  }
}
