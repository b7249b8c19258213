package sparkgan.gan;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.model.ArchitectureSettings;
import sparkgan.model.GanSettings;
import sparkgan.model.optim.OptimizerSettings;
import sparkgan.train.GanTraining;
import sparkgan.train.RingOfGaussians;
import sparkgan.train.ScheduleSettings;

/** WGAN's weight clipping keeps every critic parameter in [-c, c] after every update, however large the step. */
class WeightClippingTest {
  @Test
  void everyCriticWeightStaysInRangeAfterEveryStep() {
    double clip = 0.01;
    ArchitectureSettings mlp = new ArchitectureSettings("mlp", 4, 1, 1, List.of(16),
        List.of(16, 16), 0, false);
    // A learning rate far larger than the clip, so unclipped updates would leave the range at once.
    GanTraining training = new GanTraining(new GanTraining.Setup(3, DataType.FLOAT, 32, mlp,
        GanSettings.of("wasserstein").withDiscriminatorSteps(2), OptimizerSettings.adam(0.5, 0.5, 0.9),
        OptimizerSettings.adam(0.5, 0.5, 0.9), new ScheduleSettings(10, ScheduleSettings.LearningRateDecay.CONSTANT,
            0, 0, 10, 10)), new RingOfGaussians(2, 0.05));
    INDArray critic = training.discriminator().parameters();
    assertTrue(critic.amaxNumber().doubleValue() > clip, "initial weights start outside the range");
    for (int step = 0; step < 10; step++) {
      training.trainStep();
      double largest = critic.amaxNumber().doubleValue();
      assertTrue(largest <= clip, "step " + step + ": a critic weight has magnitude " + largest + " > " + clip);
      assertTrue(largest > clip / 2, "step " + step + ": weights should sit near the bound with such a rate");
    }
  }
}
