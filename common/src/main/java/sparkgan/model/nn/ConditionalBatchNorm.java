package sparkgan.model.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BroadcastOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Class-conditional batch normalisation (de Vries et al. 2017; Dumoulin et al. 2017), the generator's norm in the
 * conditional SNGAN (Miyato and Koyama 2018), as Mimicry's {@code ConditionalBatchNorm2d}: {@link BatchNorm} without
 * its affine part, then y = gamma[label]·x̂ + beta[label] with one row of scales and shifts per class. Rows {@code
 * gamma} [classes, C] start at N(1, 0.02²) and {@code beta} [classes, C] at 0; running statistics, eps and momentum
 * are batch norm's. Takes [C, H, W] or [F] input.
 *
 * <p>Rows are gathered and their gradients scatter-added through the labels' one-hot matrix ({@link
 * Labels#oneHot}), so examples sharing a label sum into one row.
 */
public final class ConditionalBatchNorm implements Layer {
  private final int classes;
  private final BatchNorm normalise = new BatchNorm(Backend.current(), false);
  private INDArray gamma;
  private INDArray beta;
  private INDArray gammaGradient;
  private INDArray betaGradient;

  public ConditionalBatchNorm(int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("conditional batch norm classes must be >= 1, got " + classes);
    }
    this.classes = classes;
  }

  @Override
  public String kind() {
    return "cbn";
  }

  @Override
  public int classes() {
    return classes;
  }

  @Override
  public long[] outputShape(long[] inputShape) {
    if (inputShape.length != 3 && inputShape.length != 1) {
      throw new IllegalArgumentException("cbn takes [C, H, W] or [F], got " + Arrays.toString(inputShape));
    }
    return inputShape.clone();
  }

  @Override
  public List<ParameterSpec> parameters(long[] in) {
    List<ParameterSpec> specs = new ArrayList<>(List.of(
        ParameterSpec.trainable("gamma", ParameterSpec.normal(1, 0.02), classes, in[0]),
        ParameterSpec.trainable("beta", ParameterSpec.constant(0), classes, in[0])));
    specs.addAll(normalise.parameters(in));
    return specs;
  }

  @Override
  public void bind(Map<String, INDArray> values, Map<String, INDArray> gradients) {
    gamma = values.get("gamma");
    beta = values.get("beta");
    gammaGradient = gradients.get("gamma");
    betaGradient = gradients.get("beta");
    normalise.bind(values, gradients);
  }

  /** Refuses: the layer needs labels. */
  @Override
  public Frame forward(INDArray input, Mode mode, Rng rng) {
    return forward(input, null, mode, rng);
  }

  @Override
  public Frame forward(INDArray input, int[] labels, Mode mode, Rng rng) {
    if (labels == null) {
      throw new IllegalArgumentException("cbn is class-conditional: forward it with labels");
    }
    Labels.check("cbn", labels, input.size(0), classes);
    Frame normalised = normalise.forward(input, mode, rng);
    INDArray oneHot = Labels.oneHot(labels, classes, input.dataType());
    INDArray scales = Ops.matmul(oneHot, false, gamma, false);
    INDArray output = perChannel(new BroadcastMulOp(normalised.output(), scales, Ops.empty(input, input.shape()),
        0, 1));
    perChannel(new BroadcastAddOp(output, Ops.matmul(oneHot, false, beta, false), output, 0, 1));
    return new ConditionalFrame(normalised, oneHot, scales, output, mode);
  }

  /**
   * Runs a broadcast of a per-example, per-channel [N, C] array over dimensions 0 and 1; returns its output. A
   * broadcast op into an uninitialised array, because {@code INDArray.mul} of an [N, C, 1, 1] view is several
   * times slower.
   */
  private static INDArray perChannel(BroadcastOp op) {
    Nd4j.getExecutioner().exec(op);
    return op.z();
  }

  /**
   * Σ a·b over the positions of each example and channel, [N, C]: for images as one reduction without the product
   * array, which a mul then sum would allocate.
   */
  private static INDArray perExampleDot(INDArray a, INDArray b) {
    if (a.rank() == 2) {
      return a.mul(b);
    }
    INDArray dot = Ops.empty(a, a.size(0), a.size(1));
    Nd4j.getExecutioner().exec(new Dot(a, b, dot, 2, 3));
    return dot;
  }

  private final class ConditionalFrame implements Frame {
    private final Frame normalised;
    private final INDArray oneHot;
    private final INDArray scales;
    private final INDArray output;
    private final Mode mode;

    ConditionalFrame(Frame normalised, INDArray oneHot, INDArray scales, INDArray output, Mode mode) {
      this.normalised = normalised;
      this.oneHot = oneHot;
      this.scales = scales;
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
        throw new IllegalStateException("Cannot backpropagate through conditional batch norm in evaluation mode");
      }
      if (what != Backprop.INPUT_ONLY) {
        Ops.matmulAdd(oneHot, true, perExampleDot(dy, normalised.output()), false, gammaGradient);
        Ops.matmulAdd(oneHot, true, dy.rank() == 4 ? dy.sum(2, 3) : dy, false, betaGradient);
      }
      if (what == Backprop.PARAMETERS_ONLY) {
        return null; // the normalisation has no parameters: its backward pass would only make the unwanted dL/dx
      }
      INDArray xHatGradient = perChannel(new BroadcastMulOp(dy, scales, Ops.empty(dy, dy.shape()), 0, 1));
      return normalised.backward(xHatGradient, Backprop.INPUT_ONLY);
    }
  }
}
