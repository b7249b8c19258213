package sparkgan.gan;

import java.util.Arrays;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import sparkgan.config.ConfigException;
import sparkgan.model.Capability;
import sparkgan.model.GanSettings;
import sparkgan.model.StepContext;
import sparkgan.model.StepMetrics;
import sparkgan.model.nn.Activations;
import sparkgan.model.nn.Mode;
import sparkgan.model.objective.Wasserstein;

/**
 * WGAN-GP (Gulrajani et al. 2017): the {@link Wasserstein} objective plus lambda E[(||grad_x D(x_hat)|| - 1)^2] at
 * random interpolates x_hat = e x + (1 - e) G(z), e ~ U[0, 1] per example.
 *
 * <p>The penalty's gradient with respect to the critic's weights is a gradient of a gradient. It is computed
 * exactly, without a graph framework: the input gradient g = dD/dx is built by the critic's own backward pass
 * ({@link Activations#differentiableInputGradient}), and dP/d(weights) by running that pass's second-order rules
 * from input to output ({@link Activations.InputGradient#backward}). For the piecewise-linear critics this applies
 * to, this is the exact derivative (checked against finite differences in GradientPenaltyGradientTest). The
 * critic must have no batch norm: the penalty is per example, and batch norm couples examples
 * ({@link Capability#DISCRIMINATOR_WITHOUT_BATCH_NORM}). Its block's key: {@code gan.wgan-gp.gradient-penalty},
 * lambda, &gt; 0, 10 as in the paper.
 */
public final class WganGp extends ObjectiveGan {
  public static final String GRADIENT_PENALTY = "gradient_penalty";
  public static final String GRADIENT_NORM = "critic_input_grad_norm";

  private final double lambda;

  public WganGp(GanSettings settings) {
    super(new Wasserstein(), settings);
    this.lambda = settings.options().number("gradient-penalty", 10.0);
    if (!(lambda > 0)) {
      throw ConfigException.invalid(settings.options().key("gradient-penalty"), "> 0", lambda);
    }
  }

  @Override
  public Set<Capability> needs() {
    return Set.of(Capability.DISCRIMINATOR_WITHOUT_BATCH_NORM);
  }

  @Override
  protected double regularise(StepContext ctx, INDArray real, INDArray fake, StepMetrics.Builder metrics) {
    long batch = real.size(0);
    long[] weightShape = new long[real.rank()];
    Arrays.fill(weightShape, 1);
    weightShape[0] = batch;
    INDArray e = ctx.rng().uniform(real.dataType(), 0, 1, weightShape);
    INDArray interpolates = real.mul(e).addi(fake.mul(e.rsub(1)));
    Activations onInterpolates = ctx.discriminator().forward(interpolates, Mode.TRAIN, ctx.rng());
    Activations.InputGradient gradient = onInterpolates.differentiableInputGradient(
        Nd4j.ones(real.dataType(), batch, 1));
    INDArray g = gradient.value().reshape(batch, -1);
    INDArray norms = g.norm2(1).reshape(batch, 1);
    INDArray excess = norms.sub(1);
    double penalty = lambda * excess.mul(excess).sumNumber().doubleValue() / batch;
    // dP/dg_i = lambda 2 (n_i - 1) g_i / (n_i B); the 1e-12 only guards an exactly zero gradient.
    INDArray scale = excess.muli(2 * lambda / batch).divi(norms.add(1e-12));
    gradient.backward(g.mulColumnVector(scale).reshape(interpolates.shape()));
    metrics.put(GRADIENT_PENALTY, penalty).put(GRADIENT_NORM, norms.meanNumber().doubleValue());
    return penalty;
  }
}
