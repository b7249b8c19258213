package sparkgan.gan;

import java.util.List;
import java.util.Set;
import sparkgan.model.Capability;
import sparkgan.model.ExtraNetwork;
import sparkgan.model.Gan;
import sparkgan.model.GanSettings;
import sparkgan.model.LabelledBatch;
import sparkgan.model.StepContext;
import sparkgan.model.StepMetrics;
import sparkgan.model.nn.Network;
import sparkgan.train.ForwardingStepContext;

/**
 * The negative control of the label-dependence check: the projection GAN, but every real image comes with a
 * label drawn at random instead of its own. Its networks take labels as before; they just carry no information,
 * so a check that labels steer the generator must fail for it.
 */
public final class LabelBlindGan implements Gan {
  private final Gan projection;

  public LabelBlindGan(GanSettings settings) {
    projection = new ProjectionGan(settings);
  }

  @Override
  public Set<Capability> needs() {
    return projection.needs();
  }

  @Override
  public List<ExtraNetwork> extraNetworks(Network generator, Network discriminator, int classes) {
    return projection.extraNetworks(generator, discriminator, classes);
  }

  @Override
  public StepMetrics trainStep(StepContext ctx) {
    return projection.trainStep(new ForwardingStepContext(ctx) {
      @Override
      public LabelledBatch nextLabelledBatch() {
        LabelledBatch batch = ctx.nextLabelledBatch();
        return new LabelledBatch(batch.images(), ctx.latentLabels(batch.labels().length));
      }
    });
  }
}
