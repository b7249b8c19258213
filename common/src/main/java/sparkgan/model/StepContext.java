package sparkgan.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.model.nn.Network;
import sparkgan.model.nn.Rng;
import sparkgan.model.optim.Optimizer;

/** What a {@link Gan}'s training step works with. Supplied by the trainer; valid for one step. */
public interface StepContext {

  Network generator();

  Network discriminator();

  Optimizer generatorOptimizer();

  Optimizer discriminatorOptimizer();

  /** The next batch of real data, [batch, ...data shape], scaled to the generator's output range. */
  INDArray nextRealBatch();

  /** Latent noise z ~ N(0, I), [n, latent dimension], from the run's generator. */
  INDArray latent(long n);

  /** The run's random generator (dropout masks, interpolation weights, ...). */
  Rng rng();

  GanSettings settings();

  /** Generator steps completed before this one. */
  long step();
}
