package sparkgan.model.nn;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation (Ioffe and Szegedy 2015) over the batch (and spatial positions for [C, H, W] input), with
 * learned scale {@code gamma} and shift {@code beta}, as PyTorch's BatchNorm1d/2d: eps 1e-5, running statistics
 * updated with momentum 0.1 from the biased batch variance scaled to unbiased. Training uses batch statistics,
 * evaluation the running ones.
 *
 * <p>The forward pass runs libnd4j's {@code moments} and {@code batchnorm}. On the CPU backend the backward pass of
 * float arrays runs {@link BatchNormKernel} (2-4x faster than libnd4j's {@code batchnorm_bp} here); other types, such
 * as the double precision of the gradient checks, run {@code batchnorm_bp}, and so does every type on the CUDA
 * backend, whose arrays the kernel's Java loops cannot read ({@link Backend}). {@code BatchNormKernelTest} holds the
 * two to the same results.
 *
 * <p>Without the affine part (package-private; the normalisation of {@link ConditionalBatchNorm}) the layer outputs
 * the normalised x̂ and owns only the running statistics.
 */
public final class BatchNorm implements Layer {
  static final double EPS = 1e-5;
  static final double MOMENTUM = 0.1;
  private final Backend backend;
  private final boolean affine;
  private INDArray gamma;
  private INDArray beta;
  private INDArray runningMean;
  private INDArray runningVar;
  private INDArray gammaGradient;
  private INDArray betaGradient;

  public BatchNorm() {
    this(Backend.current(), true);
  }

  /** With the backend given rather than read from ND4J: tests choose the path of a backend they do not run. */
  BatchNorm(Backend backend) {
    this(backend, true);
  }

  /** {@code affine} false: no learned scale and shift (x̂ out). */
  BatchNorm(Backend backend, boolean affine) {
    this.backend = backend;
    this.affine = affine;
  }

  /** True when the backward pass runs {@link BatchNormKernel}'s Java loops, false for libnd4j's batchnorm_bp. */
  static boolean javaBackward(Backend backend, INDArray input) {
    return backend.javaReadsArrays() && BatchNormKernel.supports(input);
  }

  @Override
  public String kind() {
    return "bn";
  }

  @Override
  public long[] outputShape(long[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public List<ParameterSpec> parameters(long[] in) {
    long channels = in[0];
    List<ParameterSpec> statistics = List.of(
        ParameterSpec.buffer("running_mean", ParameterSpec.constant(0), channels),
        ParameterSpec.buffer("running_var", ParameterSpec.constant(1), channels));
    if (!affine) {
      return statistics;
    }
    return List.of(
        ParameterSpec.trainable("gamma", ParameterSpec.constant(1), channels),
        ParameterSpec.trainable("beta", ParameterSpec.constant(0), channels),
        statistics.get(0), statistics.get(1));
  }

  @Override
  public void bind(Map<String, INDArray> values, Map<String, INDArray> gradients) {
    runningMean = values.get("running_mean");
    runningVar = values.get("running_var");
    if (!affine) {
      // A fixed scale 1 and shift 0 rather than other op calls: libnd4j's batchnorm applies them in the same pass,
      // and the forward and backward code stays one path.
      gamma = Nd4j.ones(runningMean.dataType(), runningMean.length());
      beta = Nd4j.zeros(runningMean.dataType(), runningMean.length());
      return;
    }
    gamma = values.get("gamma");
    beta = values.get("beta");
    gammaGradient = gradients.get("gamma");
    betaGradient = gradients.get("beta");
  }

  private static long[] statisticAxes(INDArray x) {
    return x.rank() == 4 ? new long[] {0, 2, 3} : new long[] {0};
  }

  @Override
  public Frame forward(INDArray input, Mode mode, Rng rng) {
    INDArray mean;
    INDArray variance;
    if (mode == Mode.TRAIN) {
      mean = Ops.empty(input, gamma.length());
      variance = Ops.empty(input, gamma.length());
      Ops.exec("moments", new INDArray[] {input}, new INDArray[] {mean, variance}, statisticAxes(input));
      long n = input.length() / gamma.length();
      runningMean.muli(1 - MOMENTUM).addi(mean.mul(MOMENTUM));
      runningVar.muli(1 - MOMENTUM).addi(variance.mul(MOMENTUM * n / Math.max(1, n - 1)));
    } else {
      mean = runningMean;
      variance = runningVar;
    }
    INDArray output = Ops.empty(input, input.shape());
    Ops.exec("batchnorm", new INDArray[] {input, mean, variance, gamma, beta}, new INDArray[] {output},
        new long[] {1, 1, 1}, EPS);
    return new BatchNormFrame(input, mean, variance, output, mode);
  }

  private final class BatchNormFrame implements Frame {
    private final INDArray input;
    private final INDArray mean;
    private final INDArray variance;
    private final INDArray output;
    private final Mode mode;

    BatchNormFrame(INDArray input, INDArray mean, INDArray variance, INDArray output, Mode mode) {
      this.input = input;
      this.mean = mean;
      this.variance = variance;
      this.output = output;
      this.mode = mode;
    }

    @Override
    public INDArray output() {
      return output;
    }

    @Override
    public INDArray backward(INDArray dy, Backprop what) {
      if (mode != Mode.TRAIN) {
        throw new IllegalStateException("Cannot backpropagate through batch norm in evaluation mode");
      }
      INDArray dx = Ops.empty(input, input.shape());
      INDArray dGamma;
      INDArray dBeta;
      if (javaBackward(backend, input)) {
        INDArray[] parameterGradients = BatchNormKernel.backward(input, mean, variance, gamma,
            BatchNormKernel.supports(dy) ? dy : dy.dup('c'), EPS, dx);
        dGamma = parameterGradients[0];
        dBeta = parameterGradients[1];
      } else {
        dGamma = Ops.empty(input, gamma.shape());
        dBeta = Ops.empty(input, beta.shape());
        // batchnorm_bp differentiates through the batch mean and variance as well (training-mode gradient).
        Ops.exec("batchnorm_bp", new INDArray[] {input, mean, variance, gamma, beta, dy},
            new INDArray[] {dx, Ops.empty(input, mean.shape()), Ops.empty(input, variance.shape()), dGamma, dBeta},
            new long[] {1, 1, 1}, EPS);
      }
      if (affine && what != Backprop.INPUT_ONLY) {
        gammaGradient.addi(dGamma);
        betaGradient.addi(dBeta);
      }
      return dx;
    }
  }
}
