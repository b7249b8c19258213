package sparkgan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.model.ArchitectureSettings;
import sparkgan.model.GanSettings;
import sparkgan.model.StepMetrics;
import sparkgan.model.optim.OptimizerSettings;
import sparkgan.train.GanTraining;
import sparkgan.train.ScheduleSettings;

/**
 * SSGAN learns its pretext task: on a short run on Fashion-MNIST padded to 32 pixels (small widths, batches of 16,
 * the learning rate raised to 2e-3 so that 300 steps suffice), the rotation head's accuracy on rotated real images
 * (measured on each fresh batch before the update) rises from chance (0.25) to well above it. The negative control
 * trains the same networks with the rotation loss weighted 0 in D: the head then never learns and must stay near
 * chance, or the check could not tell the task being learnt from its absence.
 */
class SsGanTest {
  private static final int STEPS = 300;
  private static final int LAST = 30;

  @Test
  void discriminatorLearnsToTellRotationsOfRealImages() throws IOException {
    double late = lateRotationAccuracy(GanSettings.of("ssgan").withDiscriminatorSteps(2));
    assertTrue(late > 0.5, "rotation accuracy on real images over the last " + LAST + " of " + STEPS + " steps: "
        + late);
  }

  @Test
  void withoutTheRotationLossTheHeadStaysAtChance() throws IOException {
    double late = lateRotationAccuracy(GanSettings.of("ssgan").withDiscriminatorSteps(2)
        .with("rotation-weight-d", 0.0));
    assertTrue(late < 0.35, "rotation accuracy without the rotation loss: " + late);
  }

  @Test
  void theRotationHeadIsPartOfTheTrainingState() throws IOException {
    GanTraining training = training(GanSettings.of("ssgan"));
    Map<String, INDArray> state = training.state();
    // SN linear ndf -> 4: weight and bias, the power iteration's u in the buffers, Adam's two moments.
    assertEquals(32 * 4 + 4, state.get("rotation/parameters").length());
    assertEquals(4, state.get("rotation/buffers").length());
    assertTrue(state.keySet().containsAll(List.of("rotation/optimizer/adam.m", "rotation/optimizer/adam.v")), state.keySet()
        .toString());
    List<String> metrics = new ArrayList<>(training.trainStep().values().keySet());
    assertTrue(metrics.containsAll(List.of(SsGan.LOSS_D_HINGE, SsGan.LOSS_D_ROTATION, SsGan.LOSS_G_HINGE,
        SsGan.LOSS_G_ROTATION, SsGan.ROTATION_ACCURACY, StepMetrics.LOSS_D, StepMetrics.LOSS_G)), metrics.toString());
  }

  /** Mean rotation accuracy of the last {@link #LAST} of {@link #STEPS} steps. */
  private static double lateRotationAccuracy(GanSettings gan) throws IOException {
    GanTraining training = training(gan);
    double sum = 0;
    for (int step = 0; step < STEPS; step++) {
      double accuracy = training.trainStep().values().get(SsGan.ROTATION_ACCURACY);
      if (step >= STEPS - LAST) {
        sum += accuracy;
      }
    }
    return sum / LAST;
  }

  private static GanTraining training(GanSettings gan) throws IOException {
    ArchitectureSettings model = new ArchitectureSettings("sngan", 32, 8, 32, List.of(), List.of(), 0, false);
    OptimizerSettings adam = OptimizerSettings.adam(2e-3, 0.0, 0.9);
    ScheduleSettings schedule = new ScheduleSettings(STEPS, ScheduleSettings.LearningRateDecay.CONSTANT, 0, 0, 1, 1);
    return new GanTraining(new GanTraining.Setup(3, DataType.FLOAT, 16, model, gan, adam, adam, schedule),
        TestImages.fashionMnistPadded(2048, 3));
  }
}
