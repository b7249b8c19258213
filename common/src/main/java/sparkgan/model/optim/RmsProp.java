package sparkgan.model.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import sparkgan.model.nn.Network;

/** RMSprop (Tieleman and Hinton 2012) as PyTorch computes it: v = alpha v + (1 - alpha) g^2, p -= lr g / (sqrt(v) + eps). */
final class RmsProp implements Optimizer {
  private final Network network;
  private final double alpha;
  private final double epsilon;
  private final INDArray squareAverage;
  private final INDArray stepCount;
  private double learningRate;

  RmsProp(Network network, OptimizerSettings settings) {
    this.network = network;
    this.alpha = settings.alpha();
    this.epsilon = settings.epsilon();
    this.learningRate = settings.learningRate();
    this.squareAverage = Nd4j.zeros(network.dataType(), network.parameters().length());
    this.stepCount = Nd4j.zeros(DataType.LONG, 1);
  }

  @Override
  public void step() {
    INDArray g = network.gradients();
    squareAverage.muli(alpha).addi(g.mul(g).muli(1 - alpha));
    network.parameters().subi(g.div(Transforms.sqrt(squareAverage, true /* copy */).addi(epsilon)).muli(learningRate));
    stepCount.putScalar(0, steps() + 1);
  }

  @Override
  public double learningRate() {
    return learningRate;
  }

  @Override
  public void setLearningRate(double learningRate) {
    this.learningRate = learningRate;
  }

  @Override
  public long steps() {
    return stepCount.getLong(0);
  }

  @Override
  public Map<String, INDArray> state() {
    Map<String, INDArray> state = new LinkedHashMap<>();
    state.put("rmsprop.square_avg", squareAverage);
    state.put("rmsprop.steps", stepCount);
    return state;
  }
}
