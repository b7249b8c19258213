package sparkgan.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.model.Gan;
import sparkgan.model.GanSettings;
import sparkgan.model.StepContext;
import sparkgan.model.StepMetrics;
import sparkgan.model.nn.Activations;
import sparkgan.model.nn.Mode;
import sparkgan.model.nn.Network;
import sparkgan.model.objective.NonSaturating;
import sparkgan.model.objective.Objective;

/**
 * A GAN written outside the library, as the {@link Gan} javadoc teaches: the non-saturating GAN in one class,
 * named in a config by its class name. The ring test trains it through the config alone.
 */
public final class TutorialGan implements Gan {
  private final Objective loss = new NonSaturating();

  public TutorialGan(GanSettings settings) {
    // Settings are available here; this GAN needs none of them.
  }

  @Override
  public StepMetrics trainStep(StepContext ctx) {
    Network g = ctx.generator();
    Network d = ctx.discriminator();
    INDArray real = ctx.nextRealBatch();
    Activations fake = g.forward(ctx.latent(real.size(0)), Mode.TRAIN, ctx.rng());

    d.zeroGradients();
    Activations onReal = d.forward(real, Mode.TRAIN, ctx.rng());
    Activations onFake = d.forward(fake.output(), Mode.TRAIN, ctx.rng());
    Objective.DiscriminatorLoss lossD = loss.discriminator(onReal.output(), onFake.output(), 1.0);
    onReal.backwardParameters(lossD.realGradient());
    onFake.backwardParameters(lossD.fakeGradient());
    ctx.discriminatorOptimizer().step();

    Activations judged = d.forward(fake.output(), Mode.TRAIN, ctx.rng());
    Objective.Loss lossG = loss.generator(judged.output());
    INDArray dFake = judged.inputGradient(lossG.gradient());
    g.zeroGradients();
    fake.backwardParameters(dFake);
    ctx.generatorOptimizer().step();
    return StepMetrics.builder().put(StepMetrics.LOSS_D, lossD.value()).put(StepMetrics.LOSS_G, lossG.value()).build();
  }
}
