package sparkgan.model.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import sparkgan.model.nn.Network;

/** RMSprop (Tieleman and Hinton 2012) as PyTorch computes it: v = alpha v + (1 - alpha) g^2, p -= lr g / (sqrt(v) + eps). */
final class RmsProp extends FlatOptimizer {
  private final double alpha;
  private final double epsilon;
  private final INDArray squareAverage;

  RmsProp(Network network, OptimizerSettings settings) {
    super(network, "rmsprop", settings.learningRate());
    this.alpha = settings.alpha();
    this.epsilon = settings.epsilon();
    this.squareAverage = moment("square_avg");
  }

  @Override
  void update(INDArray parameters, INDArray g, long t) {
    squareAverage.muli(alpha).addi(g.mul(g).muli(1 - alpha));
    parameters.subi(g.div(Transforms.sqrt(squareAverage, true /* copy */).addi(epsilon)).muli(learningRate()));
  }
}
