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

  /**
   * A network by name: {@code generator}, {@code discriminator} or one of the GAN's {@link Gan#extraNetworks}.
   *
   * @throws IllegalArgumentException for any other name
   */
  Network network(String name);

  /** The optimizer of {@link #network(String) network(name)}. */
  Optimizer optimizer(String name);

  /** The next batch of real data, [batch, ...data shape], scaled to the generator's output range. */
  INDArray nextRealBatch();

  /**
   * The next batch of real data with its labels: the same examples {@link #nextRealBatch()} would have returned,
   * and it advances the data the same way.
   *
   * @throws IllegalStateException when the data has no labels ({@link #classes()} is 0)
   */
  LabelledBatch nextLabelledBatch();

  /** Number of classes of the real data's labels (labels are 0 to classes - 1); 0 for unlabelled data. */
  int classes();

  /** Latent noise z ~ N(0, I), [n, latent dimension], from the run's generator. */
  INDArray latent(long n);

  /**
   * Class labels for generated examples, uniform over [0, {@link #classes()}), from the run's generator: what a
   * class-conditional G is given with {@link #latent}.
   *
   * @throws IllegalStateException when the data has no labels
   */
  int[] latentLabels(long n);

  /** The run's random generator (dropout masks, interpolation weights, ...). */
  Rng rng();

  GanSettings settings();

  /** Generator steps completed before this one. */
  long step();
}
