package sparkgan.model.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Spectral normalisation (Miyato et al. 2018) of a dense or convolution layer: the layer runs with W̄ = W/σ, σ the
 * largest singular value of W seen as a matrix M [out, in·kH·kW] (a dense weight, stored [in, out], is Mᵀ).
 *
 * <p>σ is estimated as PyTorch's {@code spectral_norm} does, from a unit vector u [out] kept as a buffer (so it is
 * checkpointed and averaged with the rest of the state): in TRAIN mode each forward pass runs one power iteration,
 * v = Mᵀu/‖Mᵀu‖, u ← Mv/‖Mv‖, σ = uᵀMv; in EVAL mode u stays as stored (rescaled to unit length for the call),
 * v = Mᵀu/‖Mᵀu‖ and σ = uᵀMv = ‖Mᵀu‖.
 *
 * <p>Gradients treat u and v as constants, as PyTorch does: with G = dL/dW̄, dL/dW = G/σ − (⟨G, W̄⟩/σ)·u vᵀ. In EVAL
 * mode this is the exact gradient, since d‖Mᵀu‖/dM = u vᵀ. The same projection maps the second-order rule of the
 * wrapped layer (WGAN-GP), W̄ entering its backward map bilinearly.
 *
 * <p>The wrapped layer is bound to a private array holding W̄ and a private gradient array for dL/dW̄; its bias is
 * the real one. Parameters must not change between a forward call and its backward passes (nothing in the engine
 * does that); the normalised weight of each call is written back before its backward pass, because another forward
 * pass in TRAIN mode (D on the fake batch after the real one) changes σ.
 */
public final class SpectralNorm implements Layer {
  /** PyTorch's guard against dividing by a zero norm. */
  static final double EPS = 1e-12;
  private final Layer inner;
  /** True when the stored weight is [out, ...] (convolution), false when [in, out] (dense). */
  private final boolean outputsFirst;
  private INDArray weight;
  private INDArray weightGradient;
  private INDArray u;
  private INDArray normalised;
  private INDArray normalisedGradient;
  /** The frame whose W̄ the private array holds. */
  private SpectralFrame current;

  private SpectralNorm(Layer inner, boolean outputsFirst) {
    this.inner = inner;
    this.outputsFirst = outputsFirst;
  }

  public static SpectralNorm of(Conv2d conv) {
    return new SpectralNorm(conv, true);
  }

  public static SpectralNorm of(Dense dense) {
    return new SpectralNorm(dense, false);
  }

  boolean outputsFirst() {
    return outputsFirst;
  }

  @Override
  public String kind() {
    return "sn" + inner.kind();
  }

  @Override
  public long[] outputShape(long[] inputShape) {
    return inner.outputShape(inputShape);
  }

  @Override
  public List<ParameterSpec> parameters(long[] inputShape) {
    List<ParameterSpec> specs = new ArrayList<>(inner.parameters(inputShape));
    long[] weightShape = specs.stream().filter(s -> s.name().equals("weight")).findFirst().orElseThrow().shape();
    specs.add(ParameterSpec.buffer("u", SpectralNorm::unitGaussian, weightShape[outputsFirst ? 0 : 1]));
    return specs;
  }

  /** A random unit vector: PyTorch's starting u. */
  private static void unitGaussian(INDArray array, Rng rng) {
    INDArray g = rng.gaussian(array.dataType(), 0, 1, array.shape());
    array.assign(g.divi(g.norm2Number()));
  }

  @Override
  public void bind(Map<String, INDArray> values, Map<String, INDArray> gradients) {
    weight = values.get("weight");
    weightGradient = gradients.get("weight");
    u = values.get("u").reshape(1, values.get("u").length());
    normalised = Nd4j.zeros(weight.dataType(), weight.shape());
    normalisedGradient = Nd4j.zeros(weight.dataType(), weight.shape());
    Map<String, INDArray> innerValues = new HashMap<>(values);
    innerValues.remove("u");
    innerValues.put("weight", normalised);
    Map<String, INDArray> innerGradients = new HashMap<>(gradients);
    innerGradients.put("weight", normalisedGradient);
    inner.bind(innerValues, innerGradients);
  }

  /** The weight array as M [out, fan-in] for a convolution, as stored ([in, out] = Mᵀ) for a dense layer. */
  private INDArray matrix(INDArray stored) {
    return outputsFirst ? stored.reshape(stored.size(0), stored.length() / stored.size(0)) : stored;
  }

  @Override
  public Frame forward(INDArray input, Mode mode, Rng rng) {
    INDArray m = matrix(weight);
    // Row vectors throughout: (Mᵀu)ᵀ = uᵀM, and (Mv)ᵀ = vᵀMᵀ; the stored layout decides which side is transposed.
    if (mode == Mode.TRAIN) {
      INDArray v = Ops.matmul(u, false, m, !outputsFirst);
      v.divi(Math.max(v.norm2Number().doubleValue(), EPS));
      INDArray next = Ops.matmul(v, false, m, outputsFirst);
      double sigma = next.norm2Number().doubleValue();
      next.divi(Math.max(sigma, EPS));
      u.assign(next);
      return frame(input, mode, rng, sigma, next, v);
    }
    // Normalised again: an average of several workers' unit vectors (the distributed state) is slightly shorter. A
    // copy too, since a later TRAIN pass may update the buffer before this call's backward pass.
    INDArray unit = u.div(Math.max(u.norm2Number().doubleValue(), EPS));
    INDArray v = Ops.matmul(unit, false, m, !outputsFirst);
    double sigma = v.norm2Number().doubleValue();
    v.divi(Math.max(sigma, EPS));
    return frame(input, mode, rng, sigma, unit, v);
  }

  private Frame frame(INDArray input, Mode mode, Rng rng, double sigma, INDArray uUsed, INDArray v) {
    SpectralFrame frame = new SpectralFrame(sigma, uUsed, v);
    frame.load();
    frame.wrapped = inner.forward(input, mode, rng);
    return frame;
  }

  private final class SpectralFrame implements Frame {
    private final double sigma;
    private final INDArray uUsed;
    private final INDArray v;
    private Frame wrapped;

    SpectralFrame(double sigma, INDArray uUsed, INDArray v) {
      this.sigma = sigma;
      this.uUsed = uUsed;
      this.v = v;
    }

    /** Puts this call's W̄ in the wrapped layer's weight array. */
    void load() {
      if (current != this) {
        normalised.assign(weight).divi(sigma);
        current = this;
      }
    }

    @Override
    public INDArray output() {
      return wrapped.output();
    }

    @Override
    public INDArray backward(INDArray dy, Backprop what) {
      load();
      if (what == Backprop.INPUT_ONLY) {
        return wrapped.backward(dy, what);
      }
      normalisedGradient.assign(0);
      INDArray dx = wrapped.backward(dy, what);
      addWeightGradient();
      return dx;
    }

    @Override
    public INDArray doubleBackward(INDArray dy, INDArray adjoint) {
      load();
      normalisedGradient.assign(0);
      INDArray result = wrapped.doubleBackward(dy, adjoint);
      addWeightGradient();
      return result;
    }

    /** dL/dW += G/σ − (⟨G, W̄⟩/σ)·u vᵀ for G = dL/dW̄ in the private gradient array; ⟨G, W̄⟩/σ = ⟨G, W⟩/σ². */
    private void addWeightGradient() {
      double projection = Nd4j.getBlasWrapper().dot(normalisedGradient.reshape(-1), weight.reshape(-1))
          / (sigma * sigma);
      weightGradient.addi(normalisedGradient.muli(1 / sigma));
      INDArray scaledU = uUsed.mul(-projection);
      if (outputsFirst) {
        Ops.matmulAdd(scaledU, true, v, false, matrix(weightGradient)); // [out, fan-in] += u vᵀ
      } else {
        Ops.matmulAdd(v, true, scaledU, false, weightGradient); // [in, out] += v uᵀ
      }
    }
  }
}
