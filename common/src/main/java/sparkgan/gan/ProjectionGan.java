package sparkgan.gan;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.model.Capability;
import sparkgan.model.ExtraNetwork;
import sparkgan.model.Gan;
import sparkgan.model.GanSettings;
import sparkgan.model.LabelledBatch;
import sparkgan.model.StepContext;
import sparkgan.model.StepMetrics;
import sparkgan.model.nn.Activations;
import sparkgan.model.nn.Dense;
import sparkgan.model.nn.Labels;
import sparkgan.model.nn.Layer;
import sparkgan.model.nn.Mode;
import sparkgan.model.nn.Network;
import sparkgan.model.nn.SpectralNorm;
import sparkgan.model.nn.XavierInit;
import sparkgan.model.objective.Hinge;
import sparkgan.model.objective.Objective;

/**
 * The class-conditional GAN with a projection discriminator (cGAN-PD; Miyato and Koyama 2018, as Mimicry trains it
 * with the SNGAN backbones): G takes a class label with each latent (conditional batch norm,
 * {@link Capability#CLASS_CONDITIONAL_GENERATOR}), and D's judgement of an image x with label y is
 * {@code D(x) + <embed(y), h(x)>}, where h(x) are D's features (the input of its last layer) and embed(y) a learned,
 * spectrally normalised row per class: D tells whether x is a real image <em>of class y</em>. The embedding is an
 * extra network, {@value #EMBEDDING}, a linear layer without bias on the one-hot label. Hinge loss; n_dis
 * discriminator updates on real batches with their labels and fakes of uniformly drawn labels, then one generator
 * update on the last fakes and their labels. It reads no keys of its own block.
 */
public final class ProjectionGan implements Gan {
  public static final String EMBEDDING = "class_embedding";

  private final Objective hinge = new Hinge();
  private final int discriminatorSteps;

  public ProjectionGan(GanSettings settings) {
    this.discriminatorSteps = settings.discriminatorSteps();
  }

  @Override
  public Set<Capability> needs() {
    return Set.of(Capability.CLASS_CONDITIONAL_GENERATOR);
  }

  @Override
  public List<ExtraNetwork> extraNetworks(Network generator, Network discriminator, int classes) {
    long[] features = DiscriminatorFeatures.shape(discriminator, "cgan-pd");
    Layer embedding = XavierInit.of(SpectralNorm.of(Dense.withoutBias(features[0])), 1.0);
    return List.of(new ExtraNetwork(EMBEDDING, new long[] {classes}, List.of(embedding),
        ExtraNetwork.Side.DISCRIMINATOR));
  }

  @Override
  public StepMetrics trainStep(StepContext ctx) {
    StepMetrics.Builder metrics = StepMetrics.builder();
    Activations fake = null;
    int[] fakeLabels = null;
    for (int i = 0; i < discriminatorSteps; i++) {
      LabelledBatch real = ctx.nextLabelledBatch();
      fakeLabels = ctx.latentLabels(real.labels().length);
      fake = ctx.generator().forward(ctx.latent(fakeLabels.length), fakeLabels, Mode.TRAIN, ctx.rng());
      discriminatorStep(ctx, real, fake.output(), fakeLabels, metrics);
    }
    generatorStep(ctx, fake, fakeLabels, metrics);
    return metrics.build();
  }

  private void discriminatorStep(StepContext ctx, LabelledBatch real, INDArray fake, int[] fakeLabels,
      StepMetrics.Builder metrics) {
    Network d = ctx.discriminator();
    Network embedding = ctx.network(EMBEDDING);
    d.zeroGradients();
    embedding.zeroGradients();
    Judgement onReal = judge(ctx, real.images(), real.labels());
    Judgement onFake = judge(ctx, fake, fakeLabels);
    Objective.DiscriminatorLoss loss = hinge.discriminator(onReal.output(), onFake.output(), 1.0);
    onReal.backward(loss.realGradient(), true);
    onFake.backward(loss.fakeGradient(), true);
    metrics.put(StepMetrics.LOSS_D, loss.value())
        .put(StepMetrics.D_REAL, Objective.mean(onReal.output()))
        .put(StepMetrics.D_FAKE, Objective.mean(onFake.output()))
        .put(StepMetrics.GRAD_NORM_D, d.gradientNorm());
    ctx.discriminatorOptimizer().step();
    ctx.optimizer(EMBEDDING).step();
  }

  private void generatorStep(StepContext ctx, Activations fake, int[] labels, StepMetrics.Builder metrics) {
    Judgement judged = judge(ctx, fake.output(), labels);
    Objective.Loss loss = hinge.generator(judged.output());
    INDArray dFake = judged.backward(loss.gradient(), false);
    Network g = ctx.generator();
    g.zeroGradients();
    fake.backwardParameters(dFake);
    metrics.put(StepMetrics.LOSS_G, loss.value()).put(StepMetrics.GRAD_NORM_G, g.gradientNorm());
    ctx.generatorOptimizer().step();
  }

  /** D's projection judgement of {@code images} with {@code labels}, [batch, 1]. */
  private Judgement judge(StepContext ctx, INDArray images, int[] labels) {
    Network d = ctx.discriminator();
    Activations onD = d.forward(images, Mode.TRAIN, ctx.rng());
    Activations onLabels = ctx.network(EMBEDDING).forward(Labels.oneHot(labels, ctx.classes(), images.dataType()),
        Mode.TRAIN, ctx.rng());
    INDArray features = onD.output(DiscriminatorFeatures.layer(d));
    INDArray projection = features.mul(onLabels.output()).sum(true, 1);
    return new Judgement(onD, onLabels, features, onD.output().add(projection), DiscriminatorFeatures.layer(d));
  }

  /** One projection judgement and what its backward pass needs. */
  private record Judgement(Activations onD, Activations onLabels, INDArray features, INDArray output,
      int featureLayer) {

    /**
     * Backward from dL/d(output) [batch, 1]: with {@code parameters}, adds D's and the embedding's parameter
     * gradients (a discriminator update); without, returns dL/d(images) only (the generator update).
     */
    INDArray backward(INDArray outputGradient, boolean parameters) {
      INDArray featureGradient = onLabels.output().mulColumnVector(outputGradient);
      Map<Integer, INDArray> seeds = Map.of(onD.layerCount() - 1, outputGradient, featureLayer, featureGradient);
      if (!parameters) {
        return onD.backward(seeds, Layer.Backprop.INPUT_ONLY);
      }
      onLabels.backwardParameters(features.mulColumnVector(outputGradient));
      onD.backwardParameters(seeds);
      return null;
    }
  }
}
