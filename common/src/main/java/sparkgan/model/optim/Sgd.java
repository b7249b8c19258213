package sparkgan.model.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.model.nn.Network;

/** SGD with optional momentum, PyTorch style: b = mu b + g (b = g on the first step), p -= lr b. */
final class Sgd extends FlatOptimizer {
  private final double momentum;
  private final INDArray velocity;

  Sgd(Network network, OptimizerSettings settings) {
    super(network, "sgd", settings.learningRate());
    this.momentum = settings.momentum();
    this.velocity = moment("velocity");
  }

  @Override
  void update(INDArray parameters, INDArray g, long t) {
    if (momentum == 0) {
      parameters.subi(g.mul(learningRate()));
      return;
    }
    if (t == 1) {
      velocity.assign(g);
    } else {
      velocity.muli(momentum).addi(g);
    }
    parameters.subi(velocity.mul(learningRate()));
  }
}
