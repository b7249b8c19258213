package sparkgan.model.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dense or convolution layer (or its spectral-norm wrapper) initialised as PyTorch's {@code xavier_uniform_}
 * with {@code gain} on its weight and PyTorch's default U(±1/sqrt(fan-in)) on its bias: how the SNGAN networks
 * (Mimicry's) initialise every layer. Only the initial values differ from the wrapped layer's; it runs unchanged.
 */
public final class XavierInit implements Layer {
  private final Layer layer;
  private final double gain;
  /** True for a weight stored [out, in, kH, kW] (convolution), false for [in, out] (dense). */
  private final boolean outputsFirst;

  private XavierInit(Layer layer, double gain, boolean outputsFirst) {
    if (!(gain > 0)) {
      throw new IllegalArgumentException("xavier gain must be > 0, got " + gain);
    }
    this.layer = layer;
    this.gain = gain;
    this.outputsFirst = outputsFirst;
  }

  public static XavierInit of(Conv2d conv, double gain) {
    return new XavierInit(conv, gain, true);
  }

  public static XavierInit of(Dense dense, double gain) {
    return new XavierInit(dense, gain, false);
  }

  public static XavierInit of(SpectralNorm normalised, double gain) {
    return new XavierInit(normalised, gain, normalised.outputsFirst());
  }

  @Override
  public String kind() {
    return layer.kind();
  }

  @Override
  public long[] outputShape(long[] in) {
    return layer.outputShape(in);
  }

  @Override
  public List<ParameterSpec> parameters(long[] in) {
    List<ParameterSpec> specs = layer.parameters(in);
    long[] w = specs.stream().filter(s -> s.name().equals("weight")).findFirst().orElseThrow().shape();
    long receptive = outputsFirst ? w[2] * w[3] : 1;
    long fanIn = (outputsFirst ? w[1] : w[0]) * receptive;
    long fanOut = (outputsFirst ? w[0] : w[1]) * receptive;
    List<ParameterSpec> initialised = new ArrayList<>();
    for (ParameterSpec spec : specs) {
      initialised.add(switch (spec.name()) {
        case "weight" -> new ParameterSpec("weight", w, true, ParameterSpec.xavierUniform(gain, fanIn, fanOut));
        case "bias" -> new ParameterSpec("bias", spec.shape(), true, ParameterSpec.uniformFanIn(fanIn));
        default -> spec;
      });
    }
    return initialised;
  }

  @Override
  public void bind(Map<String, INDArray> values, Map<String, INDArray> gradients) {
    layer.bind(values, gradients);
  }

  @Override
  public Frame forward(INDArray input, Mode mode, Rng rng) {
    return layer.forward(input, mode, rng);
  }
}
