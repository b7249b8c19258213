package sparkgan.model.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import sparkgan.model.nn.Network;

/**
 * Adam (Kingma and Ba 2015) with PyTorch's arithmetic: m and v are bias-corrected by 1 - beta^t, and epsilon is
 * added to sqrt(v_hat), so runs match a PyTorch reference step for step.
 */
final class Adam extends FlatOptimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final INDArray m;
  private final INDArray v;

  Adam(Network network, OptimizerSettings settings) {
    super(network, "adam", settings.learningRate());
    this.beta1 = settings.beta1();
    this.beta2 = settings.beta2();
    this.epsilon = settings.epsilon();
    this.m = moment("m");
    this.v = moment("v");
  }

  @Override
  void update(INDArray parameters, INDArray g, long t) {
    m.muli(beta1).addi(g.mul(1 - beta1));
    v.muli(beta2).addi(g.mul(g).muli(1 - beta2));
    double correction1 = 1 - Math.pow(beta1, t);
    double correction2 = 1 - Math.pow(beta2, t);
    INDArray denominator = Transforms.sqrt(v, true /* copy */).divi(Math.sqrt(correction2)).addi(epsilon);
    parameters.subi(m.div(denominator).muli(learningRate() / correction1));
  }
}
