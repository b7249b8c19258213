package sparkgan.model.objective;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The original minimax objective (Goodfellow et al. 2014). D minimises binary cross-entropy,
 * -t log s(r) - (1 - t) log(1 - s(r)) - log(1 - s(f)) with s the sigmoid; G minimises log(1 - s(f)), which
 * saturates when D rejects its samples confidently. In terms of softplus sp(x) = log(1 + e^x):
 * D = t sp(-r) + (1 - t) sp(r) + sp(f), G = -sp(f).
 */
public record Minimax() implements Objective {

  @Override
  public DiscriminatorLoss discriminator(INDArray real, INDArray fake, double t) {
    return binaryCrossEntropy(real, fake, t);
  }

  /** The BCE discriminator loss shared with {@link NonSaturating}: d/dr = (s(r) - t)/B, d/df = s(f)/B. */
  static DiscriminatorLoss binaryCrossEntropy(INDArray real, INDArray fake, double t) {
    double value = Objective.mean(Objective.softplus(real.neg()).muli(t).addi(Objective.softplus(real).muli(1 - t)))
        + Objective.mean(Objective.softplus(fake));
    INDArray realGradient = Objective.sigmoid(real).subi(t).divi(real.size(0));
    INDArray fakeGradient = Objective.sigmoid(fake).divi(fake.size(0));
    return new DiscriminatorLoss(value, realGradient, fakeGradient);
  }

  @Override
  public Loss generator(INDArray fake) {
    return new Loss(-Objective.mean(Objective.softplus(fake)), Objective.sigmoid(fake).negi().divi(fake.size(0)));
  }

  @Override
  public boolean hasTargets() {
    return true;
  }
}
