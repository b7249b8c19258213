package sparkgan.model.objective;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The non-saturating objective (Goodfellow et al. 2014, section 3): D as in {@link Minimax}; G maximises log s(f)
 * instead, i.e. minimises sp(-f), whose gradient (s(f) - 1)/B stays large while D rejects the samples.
 */
public record NonSaturating() implements Objective {

  @Override
  public DiscriminatorLoss discriminator(INDArray real, INDArray fake, double t) {
    return Minimax.binaryCrossEntropy(real, fake, t);
  }

  @Override
  public Loss generator(INDArray fake) {
    return new Loss(Objective.mean(Objective.softplus(fake.neg())),
        Objective.sigmoid(fake).subi(1).divi(fake.size(0)));
  }

  @Override
  public boolean hasTargets() {
    return true;
  }
}
