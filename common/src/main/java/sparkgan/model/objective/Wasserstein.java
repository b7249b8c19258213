package sparkgan.model.objective;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Wasserstein critic objective (Arjovsky, Chintala and Bottou 2017): the critic minimises mean(f) - mean(r),
 * an estimate of -W(real, fake) when it is 1-Lipschitz; the generator minimises -mean(f). Lipschitz continuity is
 * the GAN class's business: weight clipping in sparkgan.gan.Wgan, a gradient penalty in sparkgan.gan.WganGp.
 */
public record Wasserstein() implements Objective {

  @Override
  public DiscriminatorLoss discriminator(INDArray real, INDArray fake, double realLabel) {
    double value = Objective.mean(fake) - Objective.mean(real);
    INDArray realGradient = Nd4j.valueArrayOf(real.shape(), -1.0 / real.size(0), real.dataType());
    INDArray fakeGradient = Nd4j.valueArrayOf(fake.shape(), 1.0 / fake.size(0), fake.dataType());
    return new DiscriminatorLoss(value, realGradient, fakeGradient);
  }

  @Override
  public Loss generator(INDArray fake) {
    return negativeMean(fake);
  }

  /** -mean(f) and its gradient -1/B: the generator loss of the Wasserstein and hinge objectives. */
  static Loss negativeMean(INDArray fake) {
    return new Loss(-Objective.mean(fake), Nd4j.valueArrayOf(fake.shape(), -1.0 / fake.size(0), fake.dataType()));
  }

  @Override
  public boolean hasTargets() {
    return false;
  }
}
