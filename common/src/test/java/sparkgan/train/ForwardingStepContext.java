package sparkgan.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.model.GanSettings;
import sparkgan.model.LabelledBatch;
import sparkgan.model.StepContext;
import sparkgan.model.nn.Network;
import sparkgan.model.nn.Rng;
import sparkgan.model.optim.Optimizer;

/** A step context that forwards every call to another: test GANs override what they break on purpose. */
public class ForwardingStepContext implements StepContext {
  private final StepContext delegate;

  public ForwardingStepContext(StepContext delegate) {
    this.delegate = delegate;
  }

  @Override
  public Network generator() {
    return delegate.generator();
  }

  @Override
  public Network discriminator() {
    return delegate.discriminator();
  }

  @Override
  public Optimizer generatorOptimizer() {
    return delegate.generatorOptimizer();
  }

  @Override
  public Optimizer discriminatorOptimizer() {
    return delegate.discriminatorOptimizer();
  }

  @Override
  public Network network(String name) {
    return delegate.network(name);
  }

  @Override
  public Optimizer optimizer(String name) {
    return delegate.optimizer(name);
  }

  @Override
  public INDArray nextRealBatch() {
    return delegate.nextRealBatch();
  }

  @Override
  public LabelledBatch nextLabelledBatch() {
    return delegate.nextLabelledBatch();
  }

  @Override
  public int classes() {
    return delegate.classes();
  }

  @Override
  public INDArray latent(long n) {
    return delegate.latent(n);
  }

  @Override
  public int[] latentLabels(long n) {
    return delegate.latentLabels(n);
  }

  @Override
  public Rng rng() {
    return delegate.rng();
  }

  @Override
  public GanSettings settings() {
    return delegate.settings();
  }

  @Override
  public long step() {
    return delegate.step();
  }
}
