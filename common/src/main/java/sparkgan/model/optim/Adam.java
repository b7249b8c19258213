package sparkgan.model.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.model.nn.Network;
import sparkgan.model.nn.Ops;

/**
 * Adam (Kingma and Ba 2015) with PyTorch's arithmetic: m and v are bias-corrected by 1 - beta^t, and epsilon is
 * added to sqrt(v_hat), so runs match a PyTorch reference step for step.
 *
 * <p>The update runs as libnd4j's fused {@code adam_updater} op: one pass over the vectors instead of a dozen
 * element-wise ops and four temporaries. That op folds the bias corrections into the step size and adds its epsilon
 * to sqrt(v) rather than sqrt(v_hat); passing epsilon * sqrt(1 - beta2^t) makes the two formulas identical.
 */
final class Adam extends FlatOptimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final INDArray m;
  private final INDArray v;
  private final INDArray update;

  Adam(Network network, OptimizerSettings settings) {
    super(network, "adam", settings.learningRate());
    this.beta1 = settings.beta1();
    this.beta2 = settings.beta2();
    this.epsilon = settings.epsilon();
    this.m = moment("m");
    this.v = moment("v");
    this.update = network.parameters().ulike();
  }

  @Override
  void update(INDArray parameters, INDArray g, long t) {
    double correction2 = 1 - Math.pow(beta2, t);
    // adam_updater counts iterations from 0; inputs and outputs (g, v, m) -> (update, v, m), v and m in place.
    Ops.exec("adam_updater", new INDArray[] {g, v, m}, new INDArray[] {update, v, m}, new long[] {t - 1},
        learningRate(), beta1, beta2, epsilon * Math.sqrt(correction2));
    parameters.subi(update);
  }
}
