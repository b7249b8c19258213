package sparkgan.distributed;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Combines the workers' states after a round into the state every worker starts the next round from. The one
 * implementation today collects the states on the driver ({@link DriverAverage}); a slice-wise reduction through a
 * shuffle (for many executors) or an all-reduce ring (for GPUs) would implement this too, and must give the same
 * bits: each element the example-weighted mean in float64, summed in worker order.
 */
public interface StateReducer {

  /** The combined state; {@code results} are in worker order. */
  Map<String, INDArray> reduce(List<WorkerResult> results);
}
