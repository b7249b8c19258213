package sparkgan.outside;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.config.ConfigException;
import sparkgan.model.ExtraNetwork;
import sparkgan.model.Gan;
import sparkgan.model.GanSettings;
import sparkgan.model.StepContext;
import sparkgan.model.StepMetrics;
import sparkgan.model.nn.Activation;
import sparkgan.model.nn.Activations;
import sparkgan.model.nn.Dense;
import sparkgan.model.nn.Mode;
import sparkgan.model.nn.Network;
import sparkgan.model.objective.NonSaturating;
import sparkgan.model.objective.Objective;

/**
 * A GAN written outside the library with its own settings and its own extra network, using only the public
 * contract: the non-saturating GAN plus an encoder E that recovers z from G(z), as InfoGAN's Q recovers its codes.
 * E and G both minimise {@code weight} x mean squared error of E(G(z)) against z; E trains with the generator's
 * optimizer settings.
 *
 * <p>Block {@code gan.latent-recovery-gan}: {@code recovery-weight} (&gt;= 0, default 1.0) and
 * {@code encoder-width} (&gt;= 1, default 16). Metric {@value #RECOVERY_MSE}.
 */
public final class LatentRecoveryGan implements Gan {
  public static final String ENCODER = "encoder";
  public static final String RECOVERY_MSE = "recovery_mse";

  private final Objective loss = new NonSaturating();
  private final double weight;
  private final int encoderWidth;

  public LatentRecoveryGan(GanSettings settings) {
    weight = settings.options().number("recovery-weight", 1.0);
    encoderWidth = settings.options().intValue("encoder-width", 16);
    if (!(weight >= 0)) {
      throw ConfigException.invalid(settings.options().key("recovery-weight"), ">= 0", weight);
    }
    if (encoderWidth < 1) {
      throw ConfigException.invalid(settings.options().key("encoder-width"), ">= 1", encoderWidth);
    }
  }

  @Override
  public List<ExtraNetwork> extraNetworks(Network generator, Network discriminator, int classes) {
    long latent = generator.inputShape()[0];
    return List.of(new ExtraNetwork(ENCODER, discriminator.inputShape(), List.of(new sparkgan.model.nn.Reshape(
        java.util.Arrays.stream(discriminator.inputShape()).reduce(1, (a, b) -> a * b)), Dense.withBias(encoderWidth),
        Activation.relu(), Dense.withBias(latent)), ExtraNetwork.Side.GENERATOR));
  }

  @Override
  public StepMetrics trainStep(StepContext ctx) {
    Network g = ctx.generator();
    Network d = ctx.discriminator();
    Network encoder = ctx.network(ENCODER);
    INDArray real = ctx.nextRealBatch();
    INDArray z = ctx.latent(real.size(0));
    Activations fake = g.forward(z, Mode.TRAIN, ctx.rng());

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
    // Recovery: mean over the batch of ||E(G(z)) - z||^2; its gradient 2 (E(G(z)) - z) / B reaches E and G.
    encoder.zeroGradients();
    Activations recovered = encoder.forward(fake.output(), Mode.TRAIN, ctx.rng());
    INDArray error = recovered.output().sub(z);
    double mse = error.mul(error).sumNumber().doubleValue() / z.size(0);
    dFake.addi(recovered.backward(error.mul(2 * weight / z.size(0))));
    g.zeroGradients();
    fake.backwardParameters(dFake);
    ctx.generatorOptimizer().step();
    ctx.optimizer(ENCODER).step();
    return StepMetrics.builder().put(StepMetrics.LOSS_D, lossD.value()).put(StepMetrics.LOSS_G, lossG.value())
        .put(RECOVERY_MSE, mse).build();
  }
}
