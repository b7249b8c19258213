package sparkgan.model.optim;

import sparkgan.model.nn.Network;

/**
 * An exponential moving average of a network's weights (Yazici et al. 2019 for GANs), kept in a second network of
 * the same architecture that is used for sampling: after each update, avg = decay avg + (1 - decay) weights.
 * Batch-norm running statistics are copied, not averaged: they describe the current weights' activations.
 */
public final class ExponentialMovingAverage {
  private final Network source;
  private final Network average;
  private final double decay;

  /** {@code average} must have {@code source}'s architecture; it starts as a copy of the source. */
  public ExponentialMovingAverage(Network source, Network average, double decay) {
    if (average.parameters().length() != source.parameters().length()) {
      throw new IllegalArgumentException("Cannot average " + source.name() + " into " + average.name()
          + ": different parameter counts");
    }
    this.source = source;
    this.average = average;
    this.decay = decay;
    average.parameters().assign(source.parameters());
    average.buffers().assign(source.buffers());
  }

  public void update() {
    average.parameters().muli(decay).addi(source.parameters().mul(1 - decay));
    average.buffers().assign(source.buffers());
  }

  public Network average() {
    return average;
  }
}
