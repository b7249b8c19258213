package sparkgan.model.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import sparkgan.model.nn.Network;

/**
 * Adam (Kingma and Ba 2015) with PyTorch's arithmetic: m and v are bias-corrected by 1 - beta^t, and epsilon is
 * added to sqrt(v_hat), so runs match a PyTorch reference step for step.
 */
final class Adam implements Optimizer {
  private final Network network;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final INDArray m;
  private final INDArray v;
  private final INDArray stepCount;
  private double learningRate;

  Adam(Network network, OptimizerSettings settings) {
    this.network = network;
    this.beta1 = settings.beta1();
    this.beta2 = settings.beta2();
    this.epsilon = settings.epsilon();
    this.learningRate = settings.learningRate();
    this.m = Nd4j.zeros(network.dataType(), network.parameters().length());
    this.v = Nd4j.zeros(network.dataType(), network.parameters().length());
    this.stepCount = Nd4j.zeros(DataType.LONG, 1);
  }

  @Override
  public void step() {
    long t = steps() + 1;
    INDArray g = network.gradients();
    m.muli(beta1).addi(g.mul(1 - beta1));
    v.muli(beta2).addi(g.mul(g).muli(1 - beta2));
    double correction1 = 1 - Math.pow(beta1, t);
    double correction2 = 1 - Math.pow(beta2, t);
    INDArray denominator = Transforms.sqrt(v, true /* copy */).divi(Math.sqrt(correction2)).addi(epsilon);
    network.parameters().subi(m.div(denominator).muli(learningRate / correction1));
    stepCount.putScalar(0, t);
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
    state.put("adam.m", m);
    state.put("adam.v", v);
    state.put("adam.steps", stepCount);
    return state;
  }
}
