package sparkgan.distributed;

import java.io.Serializable;
import java.util.List;
import sparkgan.table.TrainMetrics;

/**
 * What one worker's task returns from a round: its state after the round ({@code TrainingState} bytes), the real
 * examples it consumed in the round (its weight in the average), its step metrics and its timings.
 */
public record WorkerResult(int worker, byte[] state, long examples, List<TrainMetrics.StepRow> steps,
    double fetchSeconds, double computeSeconds) implements Serializable {
  private static final long serialVersionUID = 1L;
}
