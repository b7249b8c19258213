package sparkgan.gan;

import sparkgan.config.ConfigException;
import sparkgan.model.Gan;
import sparkgan.model.GanSettings;
import sparkgan.model.LabelledBatch;
import sparkgan.model.StepContext;
import sparkgan.model.StepMetrics;
import sparkgan.model.nn.Activations;
import sparkgan.model.nn.Mode;
import sparkgan.model.nn.Network;
import sparkgan.model.objective.CrossEntropy;

/**
 * Not a GAN: a domain classifier trained by the GAN trainer ({@code gan.class = classifier}). The discriminator
 * network, with one output per class, learns the labels of the real data by softmax cross-entropy; the generator
 * is never run or updated. Riding the trainer gives the classifier everything a GAN gets (shards, data-parallel
 * averaging, determinism, checkpoints, resume) without a second training loop. Its trained D is the feature
 * extractor of the classifier-based distances ({@code fcd}, {@code kcd}) on datasets Inception was not made for.
 *
 * <p>Each step runs {@code gan.n-dis} updates, each on a fresh labelled batch; metrics {@code loss_d} (the mean
 * cross-entropy) and {@code accuracy} (of the batch, before the update) are the last update's.
 */
public final class ClassifierGan implements Gan {
  private final int updates;

  public ClassifierGan(GanSettings settings) {
    this.updates = settings.discriminatorSteps();
  }

  @Override
  public int discriminatorOutputs(int classes) {
    if (classes < 2) {
      throw new ConfigException("data.source", "Cannot train gan.class = classifier on data "
          + (classes == 0 ? "without labels" : "with one class") + ": it needs a dataset whose every image of "
          + "data.split has a label, of at least 2 classes.");
    }
    return classes;
  }

  @Override
  public boolean generates() {
    return false;
  }

  @Override
  public StepMetrics trainStep(StepContext ctx) {
    StepMetrics.Builder metrics = StepMetrics.builder();
    Network d = ctx.discriminator();
    for (int i = 0; i < updates; i++) {
      LabelledBatch batch = ctx.nextLabelledBatch();
      d.zeroGradients();
      Activations logits = d.forward(batch.images(), Mode.TRAIN, ctx.rng());
      CrossEntropy loss = CrossEntropy.of(logits.output(), batch.labels());
      logits.backwardParameters(loss.gradient());
      metrics.put(StepMetrics.LOSS_D, loss.value())
          .put(StepMetrics.ACCURACY, (double) loss.correct() / batch.labels().length)
          .put(StepMetrics.GRAD_NORM_D, d.gradientNorm());
      ctx.discriminatorOptimizer().step();
    }
    return metrics.build();
  }
}
