package sparkgan.model.objective;

import org.nd4j.linalg.ops.transforms.Transforms;
import sparkgan.model.GanSettings;
import sparkgan.model.StepContext;

/**
 * WGAN with weight clipping (Arjovsky, Chintala and Bottou 2017): the {@link Wasserstein} objective, and after
 * every critic update every critic weight is clipped to [-c, c] ({@code gan.weight-clip}, 0.01 in the paper,
 * which also used RMSprop and n_dis = 5).
 */
public final class Wgan extends ObjectiveGan {

  public Wgan(GanSettings settings) {
    super(new Wasserstein(), settings);
  }

  @Override
  protected void afterDiscriminatorUpdate(StepContext ctx) {
    double c = settings().weightClip();
    Transforms.min(Transforms.max(ctx.discriminator().parameters(), -c, false /* in place */), c, false);
  }
}
