package sparkgan.model.objective;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Hinge loss (Lim and Ye 2017; Miyato et al. 2018): D = mean(relu(1 - r)) + mean(relu(1 + f)), G = -mean(f).
 * Gradients: d/dr = -[r &lt; 1]/B, d/df = [f &gt; -1]/B, G's d/df = -1/B.
 */
public record Hinge() implements Objective {

  @Override
  public DiscriminatorLoss discriminator(INDArray real, INDArray fake, double realLabel) {
    double value = Objective.mean(Transforms.relu(real.rsub(1), false))
        + Objective.mean(Transforms.relu(fake.add(1), false));
    INDArray realGradient = real.lt(1).castTo(real.dataType()).negi().divi(real.size(0));
    INDArray fakeGradient = fake.gt(-1).castTo(fake.dataType()).divi(fake.size(0));
    return new DiscriminatorLoss(value, realGradient, fakeGradient);
  }

  @Override
  public Loss generator(INDArray fake) {
    return Wasserstein.negativeMean(fake);
  }

  @Override
  public boolean hasTargets() {
    return false;
  }
}
