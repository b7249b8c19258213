package sparkgan.model.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Inverted dropout: in training each unit is zeroed with probability p and the rest scaled by 1/(1-p). */
public final class Dropout implements Layer {
  private final double probability;

  public Dropout(double probability) {
    if (probability < 0 || probability >= 1) {
      throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + probability);
    }
    this.probability = probability;
  }

  @Override
  public String kind() {
    return "dropout";
  }

  @Override
  public long[] outputShape(long[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public Frame forward(INDArray input, Mode mode, Rng rng) {
    if (mode == Mode.EVAL || probability == 0) {
      return new MaskFrame(input, null);
    }
    // Uniform u in [0, 1): keep when u >= p, i.e. mask = (u >= p) / (1 - p).
    INDArray mask = rng.uniform(input.dataType(), 0, 1, input.shape()).gte(probability).castTo(input.dataType())
        .divi(1 - probability);
    return new MaskFrame(input.mul(mask), mask);
  }

  private record MaskFrame(INDArray output, INDArray mask) implements Frame {
    @Override
    public INDArray backward(INDArray dy, Backprop what) {
      return mask == null ? dy : dy.mul(mask);
    }

    @Override
    public INDArray doubleBackward(INDArray dy, INDArray v) {
      return mask == null ? v : v.mul(mask);
    }
  }
}
