package sparkgan.model;

import java.util.List;
import java.util.Set;
import sparkgan.model.nn.Network;

/**
 * A GAN: one class, one training step. The trainer owns the loop (batches, schedule, averaging across executors,
 * checkpoints, logging); the GAN owns the mathematics of one generator step: any discriminator updates, then the
 * generator update, each its own forward and backward passes.
 *
 * <h2>Writing your own</h2>
 * <pre>{@code
 * public final class MyGan implements Gan {
 *   private final double weight;
 *
 *   public MyGan(GanSettings settings) {                // or a public no-argument constructor
 *     weight = settings.options().number("weight", 0.5);  // key gan.my-gan.weight, default 0.5
 *   }
 *
 *   public StepMetrics trainStep(StepContext ctx) {
 *     Network g = ctx.generator(), d = ctx.discriminator();
 *     // Discriminator: forward real and fake, backward a loss gradient, step.
 *     Activations fake = g.forward(ctx.latent(batch), Mode.TRAIN, ctx.rng());
 *     d.zeroGradients();
 *     Activations onReal = d.forward(ctx.nextRealBatch(), Mode.TRAIN, ctx.rng());
 *     Activations onFake = d.forward(fake.output(), Mode.TRAIN, ctx.rng());
 *     onReal.backwardParameters(dLossDReal);            // gradients add up across backward calls
 *     onFake.backwardParameters(dLossDFake);
 *     ctx.discriminatorOptimizer().step();
 *     // Generator: D's input gradient only (D's own gradients untouched), then through G.
 *     Activations judged = d.forward(fake.output(), Mode.TRAIN, ctx.rng());
 *     INDArray dFake = judged.inputGradient(dLossGDOutput);
 *     g.zeroGradients();
 *     fake.backwardParameters(dFake);                   // backward(dy) also returns dL/d(input)
 *     ctx.generatorOptimizer().step();
 *     return StepMetrics.builder().put(StepMetrics.LOSS_D, ...).put(StepMetrics.LOSS_G, ...).build();
 *   }
 * }
 * }</pre>
 * Name it in the experiment config, {@code gan.class = "com.example.MyGan"}, set its keys in its own block
 * ({@code gan.my-gan { weight = 0.2 }}, {@link GanSettings#blockName}), put its jar on the classpath, and it trains
 * exactly like the built-ins in {@code sparkgan.gan}, which are written this way. A key it never reads is refused
 * when the config loads; the values it read, defaults included, are part of the config's text and hash. It may
 * train networks besides G and D ({@link #extraNetworks}) and state what it needs of the architecture
 * ({@link #needs()}). Losses and their gradients for the classic objectives are in
 * {@link sparkgan.model.objective.Objective}; {@link sparkgan.model.nn.Activations} documents the backward passes,
 * including the second-order one a gradient penalty needs. ARCHITECTURE.md has a worked example.
 *
 * <p>Rules: touch only what the context gives you; draw randomness only from {@code ctx.rng()},
 * {@code ctx.latent(n)} and {@code ctx.latentLabels(n)} (runs must be reproducible from the seed); keep no state
 * outside the networks and optimizers (the trainer checkpoints and averages those, not your fields). Every array
 * created during a step lives in a workspace that the next step recycles
 * ({@link sparkgan.model.nn.NativeMemory#stepWorkspace()}), so keep none of them across steps.
 */
public interface Gan {

  /** Runs one generator step, with whatever discriminator steps precede it, and reports its metrics. */
  StepMetrics trainStep(StepContext ctx);

  /**
   * Width of the discriminator's output for data with {@code classes} classes (0: unlabelled): one logit for a
   * GAN's real/fake judgement; a classifier or a class-aware discriminator asks for more.
   *
   * @throws sparkgan.config.ConfigException when this GAN cannot train on such data
   */
  default int discriminatorOutputs(int classes) {
    return 1;
  }

  /** Whether the generator is trained and worth sampling; a GAN that trains only D says no, and gets no samples. */
  default boolean generates() {
    return true;
  }

  /**
   * What this GAN needs of the architecture's networks. With {@link Capability#CLASS_CONDITIONAL_GENERATOR} the
   * trainer builds G to take labels, and sample grids show one class per row.
   */
  default Set<Capability> needs() {
    return Set.of();
  }

  /**
   * Checks this GAN's settings against the networks built for it, once, before anything trains (a layer index
   * in its block, say). Nothing by default.
   *
   * @throws sparkgan.config.ConfigException naming the key
   */
  default void check(Network generator, Network discriminator) {}

  /**
   * The networks this GAN trains besides G and D, built once per training after them (so their input can be sized
   * from D's layers: {@code discriminator.outputShape(i)}). None by default.
   *
   * @param classes the number of classes of the data's labels, 0 for unlabelled data
   */
  default List<ExtraNetwork> extraNetworks(Network generator, Network discriminator, int classes) {
    return List.of();
  }
}
