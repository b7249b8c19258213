package sparkgan.model.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import sparkgan.model.nn.Network;

/** SGD with optional momentum, PyTorch style: b = mu b + g (b = g on the first step), p -= lr b. */
final class Sgd implements Optimizer {
  private final Network network;
  private final double momentum;
  private final INDArray velocity;
  private final INDArray stepCount;
  private double learningRate;

  Sgd(Network network, OptimizerSettings settings) {
    this.network = network;
    this.momentum = settings.momentum();
    this.learningRate = settings.learningRate();
    this.velocity = Nd4j.zeros(network.dataType(), network.parameters().length());
    this.stepCount = Nd4j.zeros(DataType.LONG, 1);
  }

  @Override
  public void step() {
    INDArray g = network.gradients();
    if (momentum == 0) {
      network.parameters().subi(g.mul(learningRate));
    } else {
      if (steps() == 0) {
        velocity.assign(g);
      } else {
        velocity.muli(momentum).addi(g);
      }
      network.parameters().subi(velocity.mul(learningRate));
    }
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
    state.put("sgd.velocity", velocity);
    state.put("sgd.steps", stepCount);
    return state;
  }
}
