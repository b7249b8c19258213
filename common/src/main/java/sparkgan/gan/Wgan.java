package sparkgan.gan;

import org.nd4j.linalg.ops.transforms.Transforms;
import sparkgan.model.GanSettings;
import sparkgan.config.ConfigException;
import sparkgan.model.StepContext;
import sparkgan.model.objective.Wasserstein;

/**
 * WGAN with weight clipping (Arjovsky, Chintala and Bottou 2017): the {@link Wasserstein} objective, and after
 * every critic update every critic weight is clipped to [-c, c] ({@code gan.wasserstein.weight-clip}, &gt; 0, 0.01 as in the paper,
 * which also used RMSprop and n_dis = 5).
 */
public final class Wgan extends ObjectiveGan {

  private final double clip;

  public Wgan(GanSettings settings) {
    super(new Wasserstein(), settings);
    this.clip = settings.options().number("weight-clip", 0.01);
    if (!(clip > 0)) {
      throw ConfigException.invalid(settings.options().key("weight-clip"), "> 0", clip);
    }
  }

  @Override
  protected void afterDiscriminatorUpdate(StepContext ctx) {
    Transforms.min(Transforms.max(ctx.discriminator().parameters(), -clip, false /* in place */), clip, false);
  }
}
