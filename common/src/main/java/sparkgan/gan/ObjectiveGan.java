package sparkgan.gan;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.config.ConfigException;
import sparkgan.config.OpenBlock;
import sparkgan.model.Gan;
import sparkgan.model.GanSettings;
import sparkgan.model.StepContext;
import sparkgan.model.StepMetrics;
import sparkgan.model.nn.Activations;
import sparkgan.model.nn.Layer;
import sparkgan.model.nn.Mode;
import sparkgan.model.nn.Network;
import sparkgan.model.objective.FeatureMatching;
import sparkgan.model.objective.Objective;

/**
 * The standard GAN step for any {@link Objective}: n_dis discriminator updates, each on a fresh real batch and a
 * fresh generated batch, then one generator update on the last generated batch (as the PyTorch DCGAN example
 * does: G's forward pass is not repeated). The generator's loss is the objective's, or feature matching when
 * {@code feature-matching-layer} is set.
 *
 * <p>Keys of its block ({@code gan.non-saturating}, {@code gan.hinge}, ...): {@code real-label}, the target for
 * real samples of the objectives that have targets (BCE and least squares), in (0, 1], 1.0 by default, 0.9 for
 * one-sided label smoothing (Salimans et al. 2016); {@code feature-matching-layer}, when &gt;= 0 the generator's
 * loss is feature matching at this discriminator layer's output instead of the objective's, -1 (off) by default.
 *
 * <p>Subclasses add a regulariser to the discriminator's update ({@link WganGp}) or act after it ({@link Wgan});
 * the step itself is written once.
 */
public class ObjectiveGan implements Gan {
  private final Objective objective;
  private final int discriminatorSteps;
  private final double realLabel;
  private final int featureMatchingLayer;
  private final String featureMatchingKey;

  public ObjectiveGan(Objective objective, GanSettings settings) {
    OpenBlock options = settings.options();
    this.objective = objective;
    this.discriminatorSteps = settings.discriminatorSteps();
    // Only an objective with targets reads real-label: set for hinge, it is refused as a key hinge does not have.
    this.realLabel = objective.hasTargets() ? options.number("real-label", 1.0) : 1.0;
    if (!(realLabel > 0 && realLabel <= 1)) {
      throw ConfigException.invalid(options.key("real-label"), "in (0, 1]", realLabel);
    }
    this.featureMatchingLayer = options.intValue("feature-matching-layer", -1);
    if (featureMatchingLayer < -1) {
      throw ConfigException.invalid(options.key("feature-matching-layer"), "-1 (off) or a layer index >= 0",
          featureMatchingLayer);
    }
    this.featureMatchingKey = options.key("feature-matching-layer");
  }

  @Override
  public void check(Network generator, Network discriminator) {
    if (featureMatchingLayer >= discriminator.layers().size()) {
      throw new ConfigException(featureMatchingKey, featureMatchingKey + " must be < "
          + discriminator.layers().size() + " (the discriminator's layers), got " + featureMatchingLayer);
    }
  }

  public Objective objective() {
    return objective;
  }

  @Override
  public final StepMetrics trainStep(StepContext ctx) {
    StepMetrics.Builder metrics = StepMetrics.builder();
    INDArray real = null;
    Activations fake = null;
    for (int i = 0; i < discriminatorSteps; i++) {
      real = ctx.nextRealBatch();
      fake = ctx.generator().forward(ctx.latent(real.size(0)), Mode.TRAIN, ctx.rng());
      discriminatorStep(ctx, real, fake.output(), metrics);
    }
    generatorStep(ctx, real, fake, metrics);
    return metrics.build();
  }

  private void discriminatorStep(StepContext ctx, INDArray real, INDArray fake, StepMetrics.Builder metrics) {
    Network d = ctx.discriminator();
    d.zeroGradients();
    Activations onReal = d.forward(real, Mode.TRAIN, ctx.rng());
    Activations onFake = d.forward(fake, Mode.TRAIN, ctx.rng());
    Objective.DiscriminatorLoss loss = objective.discriminator(onReal.output(), onFake.output(), realLabel);
    onReal.backwardParameters(loss.realGradient());
    onFake.backwardParameters(loss.fakeGradient());
    double regulariser = regularise(ctx, real, fake, metrics);
    metrics.put(StepMetrics.LOSS_D, loss.value() + regulariser)
        .put(StepMetrics.D_REAL, Objective.mean(onReal.output()))
        .put(StepMetrics.D_FAKE, Objective.mean(onFake.output()))
        .put(StepMetrics.GRAD_NORM_D, d.gradientNorm());
    ctx.discriminatorOptimizer().step();
    afterDiscriminatorUpdate(ctx);
  }

  private void generatorStep(StepContext ctx, INDArray real, Activations fake, StepMetrics.Builder metrics) {
    Network d = ctx.discriminator();
    Activations judged = d.forward(fake.output(), Mode.TRAIN, ctx.rng());
    INDArray dFake;
    if (featureMatchingLayer >= 0) {
      FeatureMatching.Loss loss = FeatureMatching.loss(d.forward(real, Mode.TRAIN, ctx.rng()), judged,
          featureMatchingLayer);
      dFake = judged.backward(Map.of(featureMatchingLayer, loss.fakeFeatureGradient()),
          Layer.Backprop.INPUT_ONLY);
      metrics.put(StepMetrics.LOSS_G, loss.value());
    } else {
      Objective.Loss loss = objective.generator(judged.output());
      dFake = judged.inputGradient(loss.gradient());
      metrics.put(StepMetrics.LOSS_G, loss.value());
    }
    Network g = ctx.generator();
    g.zeroGradients();
    fake.backwardParameters(dFake);
    metrics.put(StepMetrics.GRAD_NORM_G, g.gradientNorm());
    ctx.generatorOptimizer().step();
  }

  /**
   * Adds a regulariser's gradient to the discriminator's gradients before its update and returns the
   * regulariser's value (added to {@code loss_d}). None here.
   */
  protected double regularise(StepContext ctx, INDArray real, INDArray fake, StepMetrics.Builder metrics) {
    return 0;
  }

  /** Runs after each discriminator update. Nothing here. */
  protected void afterDiscriminatorUpdate(StepContext ctx) {}
}
