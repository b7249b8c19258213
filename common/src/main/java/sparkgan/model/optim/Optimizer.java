package sparkgan.model.optim;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.model.nn.Network;

/**
 * Updates one network's parameters from its accumulated gradients. Built for one network (its state is sized to
 * it); the learning rate can be changed between steps by a schedule.
 */
public interface Optimizer {

  /** Applies {@code network.gradients()} to {@code network.parameters()}, in place. */
  void step();

  double learningRate();

  void setLearningRate(double learningRate);

  /** Updates applied so far. */
  long steps();

  /**
   * The optimizer's state as named arrays (moments; the step count as a one-element array), views that can be
   * read and assigned: how training state is saved, restored and averaged.
   */
  Map<String, INDArray> state();

  /** Builds the optimizer {@code settings} describe for {@code network}. */
  static Optimizer create(OptimizerSettings settings, Network network) {
    return switch (settings.type()) {
      case ADAM -> new Adam(network, settings);
      case RMSPROP -> new RmsProp(network, settings);
      case SGD -> new Sgd(network, settings);
    };
  }
}
