package sparkgan.gan;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.config.ConfigException;
import sparkgan.config.OpenBlock;
import sparkgan.model.ExtraNetwork;
import sparkgan.model.Gan;
import sparkgan.model.GanSettings;
import sparkgan.model.StepContext;
import sparkgan.model.StepMetrics;
import sparkgan.model.nn.Activations;
import sparkgan.model.nn.Dense;
import sparkgan.model.nn.Layer;
import sparkgan.model.nn.Mode;
import sparkgan.model.nn.Network;
import sparkgan.model.nn.Rotations;
import sparkgan.model.nn.SpectralNorm;
import sparkgan.model.nn.XavierInit;
import sparkgan.model.objective.CrossEntropy;
import sparkgan.model.objective.Hinge;
import sparkgan.model.objective.Objective;

/**
 * The self-supervised GAN (SSGAN; Chen et al. 2019, as Mimicry trains it): a hinge GAN whose discriminator also
 * learns to tell by how many quarter turns an image was rotated. The rotation head is an extra network,
 * {@value #HEAD}: a spectrally normalised linear layer from D's features (the input of D's last layer: the sum-pooled
 * ReLU features of the SNGAN backbones) to 4 logits.
 *
 * <p>Each discriminator update adds {@code beta} x CE(head(D features(rotated reals)), rotation) to the hinge loss,
 * on the real batch rotated in quarters ({@link Rotations#quarters}: example i of N by i*4/N quarter turns), in a
 * forward pass of its own; D and the head both learn from it. The generator update adds {@code alpha} x the same
 * cross-entropy on its rotated fakes, D and the head fixed: G learns to make images whose rotation D can tell.
 * Like {@link ObjectiveGan}, G's update reuses the last discriminator update's fakes.
 *
 * <p>Block {@code gan.ssgan}: {@code rotation-weight-d} (beta, 1.0) and {@code rotation-weight-g} (alpha, 0.2),
 * both &gt;= 0, the paper's values. Metrics add the named terms {@value #LOSS_D_ROTATION}, {@value #LOSS_G_ROTATION}
 * (the cross-entropies, before weighting), {@value #ROTATION_ACCURACY} (of the head on the rotated reals, before the
 * update) and the hinge terms alone, {@value #LOSS_D_HINGE} and {@value #LOSS_G_HINGE}; {@code loss_d} and
 * {@code loss_g} are the weighted totals.
 */
public final class SsGan implements Gan {
  public static final String HEAD = "rotation";
  public static final String LOSS_D_HINGE = "loss_d_hinge";
  public static final String LOSS_G_HINGE = "loss_g_hinge";
  public static final String LOSS_D_ROTATION = "loss_d_rotation";
  public static final String LOSS_G_ROTATION = "loss_g_rotation";
  public static final String ROTATION_ACCURACY = "rotation_accuracy";
  private static final int ROTATIONS = 4;

  private final Objective hinge = new Hinge();
  private final int discriminatorSteps;
  private final double beta;
  private final double alpha;

  public SsGan(GanSettings settings) {
    OpenBlock options = settings.options();
    this.discriminatorSteps = settings.discriminatorSteps();
    this.beta = options.number("rotation-weight-d", 1.0);
    this.alpha = options.number("rotation-weight-g", 0.2);
    if (!(beta >= 0)) {
      throw ConfigException.invalid(options.key("rotation-weight-d"), ">= 0", beta);
    }
    if (!(alpha >= 0)) {
      throw ConfigException.invalid(options.key("rotation-weight-g"), ">= 0", alpha);
    }
  }

  @Override
  public List<ExtraNetwork> extraNetworks(Network generator, Network discriminator, int classes) {
    long[] features = DiscriminatorFeatures.shape(discriminator, "ssgan");
    Layer head = XavierInit.of(SpectralNorm.of(Dense.withBias(ROTATIONS)), 1.0);
    return List.of(new ExtraNetwork(HEAD, features, List.of(head), ExtraNetwork.Side.DISCRIMINATOR));
  }

  @Override
  public void check(Network generator, Network discriminator) {
    if (discriminator.inputShape().length != 3 || discriminator.inputShape()[1] != discriminator.inputShape()[2]) {
      throw new ConfigException("data.source", "Cannot train gan.class = ssgan on data of shape "
          + java.util.Arrays.toString(discriminator.inputShape()) + ": it rotates square images.");
    }
  }

  @Override
  public StepMetrics trainStep(StepContext ctx) {
    StepMetrics.Builder metrics = StepMetrics.builder();
    Activations fake = null;
    for (int i = 0; i < discriminatorSteps; i++) {
      INDArray real = ctx.nextRealBatch();
      fake = ctx.generator().forward(ctx.latent(real.size(0)), Mode.TRAIN, ctx.rng());
      discriminatorStep(ctx, real, fake.output(), metrics);
    }
    generatorStep(ctx, fake, metrics);
    return metrics.build();
  }

  private void discriminatorStep(StepContext ctx, INDArray real, INDArray fake, StepMetrics.Builder metrics) {
    Network d = ctx.discriminator();
    Network head = ctx.network(HEAD);
    d.zeroGradients();
    head.zeroGradients();
    Activations onReal = d.forward(real, Mode.TRAIN, ctx.rng());
    Activations onFake = d.forward(fake, Mode.TRAIN, ctx.rng());
    Objective.DiscriminatorLoss loss = hinge.discriminator(onReal.output(), onFake.output(), 1.0);
    onReal.backwardParameters(loss.realGradient());
    onFake.backwardParameters(loss.fakeGradient());
    Rotations.Rotated rotated = Rotations.quarters(real);
    Activations onRotated = d.forward(rotated.images(), Mode.TRAIN, ctx.rng());
    int features = DiscriminatorFeatures.layer(d);
    Activations logits = head.forward(onRotated.output(features), Mode.TRAIN, ctx.rng());
    CrossEntropy rotation = CrossEntropy.of(logits.output(), rotated.labels());
    onRotated.backwardParameters(features, logits.backward(rotation.gradient().mul(beta)));
    metrics.put(StepMetrics.LOSS_D, loss.value() + beta * rotation.value())
        .put(LOSS_D_HINGE, loss.value())
        .put(LOSS_D_ROTATION, rotation.value())
        .put(ROTATION_ACCURACY, (double) rotation.correct() / rotated.labels().length)
        .put(StepMetrics.D_REAL, Objective.mean(onReal.output()))
        .put(StepMetrics.D_FAKE, Objective.mean(onFake.output()))
        .put(StepMetrics.GRAD_NORM_D, d.gradientNorm());
    ctx.discriminatorOptimizer().step();
    ctx.optimizer(HEAD).step();
  }

  private void generatorStep(StepContext ctx, Activations fake, StepMetrics.Builder metrics) {
    Network d = ctx.discriminator();
    Activations judged = d.forward(fake.output(), Mode.TRAIN, ctx.rng());
    Objective.Loss loss = hinge.generator(judged.output());
    INDArray dFake = judged.inputGradient(loss.gradient());
    Rotations.Rotated rotated = Rotations.quarters(fake.output());
    Activations onRotated = d.forward(rotated.images(), Mode.TRAIN, ctx.rng());
    int features = DiscriminatorFeatures.layer(d);
    Activations logits = ctx.network(HEAD).forward(onRotated.output(features), Mode.TRAIN, ctx.rng());
    CrossEntropy rotation = CrossEntropy.of(logits.output(), rotated.labels());
    INDArray dFeatures = logits.inputGradient(rotation.gradient().mul(alpha));
    INDArray dRotated = onRotated.backward(Map.of(features, dFeatures), Layer.Backprop.INPUT_ONLY);
    dFake.addi(Rotations.unrotateQuarters(new Rotations.Rotated(dRotated, rotated.labels())));
    Network g = ctx.generator();
    g.zeroGradients();
    fake.backwardParameters(dFake);
    metrics.put(StepMetrics.LOSS_G, loss.value() + alpha * rotation.value())
        .put(LOSS_G_HINGE, loss.value())
        .put(LOSS_G_ROTATION, rotation.value())
        .put(StepMetrics.GRAD_NORM_G, g.gradientNorm());
    ctx.generatorOptimizer().step();
  }
}
