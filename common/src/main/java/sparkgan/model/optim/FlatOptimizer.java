package sparkgan.model.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import sparkgan.model.nn.Network;

/**
 * What every optimizer here shares: one network's flat parameter and gradient vectors, a settable learning rate, a
 * step counter kept as a LONG array (so it is saved and averaged with the rest of the state), and moment vectors
 * the size of the parameters. Subclasses write only their update rule.
 */
abstract class FlatOptimizer implements Optimizer {
  private final Network network;
  private final String prefix;
  private final Map<String, INDArray> moments = new LinkedHashMap<>();
  private final INDArray stepCount = Nd4j.zeros(DataType.LONG, 1);
  private double learningRate;

  FlatOptimizer(Network network, String prefix, double learningRate) {
    this.network = network;
    this.prefix = prefix;
    this.learningRate = learningRate;
  }

  /** A zero vector the size of the parameters, saved in the state as {@code <prefix>.<name>}. */
  final INDArray moment(String name) {
    INDArray moment = Nd4j.zeros(network.dataType(), network.parameters().length());
    moments.put(prefix + "." + name, moment);
    return moment;
  }

  /** Applies update number {@code t} (1-based) to {@code parameters} from {@code gradients}. */
  abstract void update(INDArray parameters, INDArray gradients, long t);

  @Override
  public final void step() {
    long t = steps() + 1;
    update(network.parameters(), network.gradients(), t);
    stepCount.putScalar(0, t);
  }

  @Override
  public final double learningRate() {
    return learningRate;
  }

  @Override
  public final void setLearningRate(double learningRate) {
    this.learningRate = learningRate;
  }

  @Override
  public final long steps() {
    return stepCount.getLong(0);
  }

  @Override
  public final Map<String, INDArray> state() {
    Map<String, INDArray> state = new LinkedHashMap<>(moments);
    state.put(prefix + ".steps", stepCount);
    return state;
  }
}
