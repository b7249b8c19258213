package sparkgan.model.objective;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A GAN objective: losses as functions of the discriminator's raw outputs (logits for the BCE objectives, critic
 * values otherwise), [batch, 1], averaged over the batch, with their gradients. Inputs are not modified.
 */
public interface Objective {

  /**
   * The discriminator's loss on a real and a fake batch.
   *
   * @param realLabel target for real samples (1, or 0.9 for one-sided label smoothing) where the objective has
   *     targets
   */
  DiscriminatorLoss discriminator(INDArray real, INDArray fake, double realLabel);

  /** The generator's loss on the discriminator's outputs for generated samples. */
  Loss generator(INDArray fake);

  /** Whether {@code realLabel} means anything to this objective (BCE and least-squares targets). */
  boolean hasTargets();

  /** A loss value and its gradient with respect to the outputs it was computed from. */
  record Loss(double value, INDArray gradient) {}

  /** The discriminator's loss with its gradients with respect to the real and the fake outputs. */
  record DiscriminatorLoss(double value, INDArray realGradient, INDArray fakeGradient) {}

  /** log(1 + e^x), computed as max(x, 0) + log(1 + e^-|x|) so that large |x| neither overflows nor loses digits. */
  static INDArray softplus(INDArray x) {
    INDArray tail = Transforms.log(Transforms.exp(Transforms.abs(x, true).negi(), false).addi(1), false);
    return Transforms.relu(x, true).addi(tail);
  }

  static INDArray sigmoid(INDArray x) {
    return Transforms.sigmoid(x, true);
  }

  static double mean(INDArray x) {
    return x.meanNumber().doubleValue();
  }
}
