package sparkgan.model.objective;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Least-squares GAN (Mao et al. 2017) with the 0-1 coding a = 0, b = c = 1: D = mean((r - t)^2)/2 + mean(f^2)/2,
 * G = mean((f - 1)^2)/2, t the real target (b, or 0.9 smoothed). Gradients (r - t)/B, f/B and (f - 1)/B.
 */
public record LeastSquares() implements Objective {

  @Override
  public DiscriminatorLoss discriminator(INDArray real, INDArray fake, double t) {
    INDArray realError = real.sub(t);
    double value = 0.5 * Objective.mean(realError.mul(realError)) + 0.5 * Objective.mean(fake.mul(fake));
    return new DiscriminatorLoss(value, realError.divi(real.size(0)), fake.div(fake.size(0)));
  }

  @Override
  public Loss generator(INDArray fake) {
    INDArray error = fake.sub(1);
    return new Loss(0.5 * Objective.mean(error.mul(error)), error.divi(fake.size(0)));
  }

  @Override
  public boolean hasTargets() {
    return true;
  }
}
