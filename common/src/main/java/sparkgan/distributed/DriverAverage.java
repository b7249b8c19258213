package sparkgan.distributed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.train.TrainingState;

/**
 * Averages on the driver: every worker's state arrives whole through {@code collect()} and is averaged there, in
 * worker (partition) order, weighted by the examples each consumed ({@link TrainingState#average(List, long[])}).
 * Its cost grows with workers x state size on one machine; ARCHITECTURE.md has the cost model.
 */
public final class DriverAverage implements StateReducer {

  @Override
  public Map<String, INDArray> reduce(List<WorkerResult> results) {
    List<Map<String, INDArray>> states = new ArrayList<>();
    long[] weights = new long[results.size()];
    for (int i = 0; i < results.size(); i++) {
      WorkerResult result = results.get(i);
      if (result.worker() != i) {
        throw new IllegalStateException("Cannot average round results: result " + i + " is worker "
            + result.worker() + "'s; they must be in worker order");
      }
      states.add(TrainingState.fromBytes(result.state(), "the state of worker " + i));
      weights[i] = result.examples();
    }
    return TrainingState.average(states, weights);
  }
}
