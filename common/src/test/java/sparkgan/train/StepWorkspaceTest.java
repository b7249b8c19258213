package sparkgan.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.ProfilerConfig;
import sparkgan.model.ArchitectureSettings;
import sparkgan.model.GanSettings;
import sparkgan.model.StepMetrics;
import sparkgan.model.nn.NativeMemory;
import sparkgan.model.optim.OptimizerSettings;

/**
 * A training step's arrays live in a workspace that is recycled at the next step ({@link NativeMemory}); an array
 * created in one step and used in a later one would read recycled memory. With ND4J's workspace checks on, every op
 * on such an array throws, so training every kind of GAN for a few steps with the checks on proves that nothing
 * outlives its step: not in the objectives, the optimizers, batch norm's running statistics or the EMA.
 */
class StepWorkspaceTest {
  @BeforeEach
  void checkWorkspaces() {
    Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkWorkspaces(true).build());
  }

  @AfterEach
  void stopChecking() {
    Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().build()); // ND4J's default: all checks off
  }

  @Test
  void theChecksCatchAnArrayUsedAfterItsStep() {
    INDArray leaked;
    try (MemoryWorkspace ignored = NativeMemory.stepWorkspace()) {
      leaked = Nd4j.ones(4);
    }
    try (MemoryWorkspace ignored = NativeMemory.stepWorkspace()) {
      assertThrows(RuntimeException.class, () -> leaked.add(1));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"non-saturating", "minimax", "hinge", "least-squares", "wasserstein", "wgan-gp"})
  void everyBuiltInGanKeepsNothingFromAStep(String ganClass) {
    trainAndSample(List.of("gan.class=" + ganClass));
  }

  @Test
  void featureMatchingLabelSmoothingEmaAndAnOutsideGanKeepNothingFromAStep() {
    trainAndSample(List.of("gan.class=non-saturating", "gan.non-saturating.feature-matching-layer=1", "gan.non-saturating.real-label=0.9",
        "train.ema-decay=0.9"));
    trainAndSample(List.of("gan.class=" + TutorialGan.class.getName()));
  }

  @Test
  void convolutionalGanKeepsNothingFromAStep() {
    // Convolutions, 4-D batch norm (BatchNormKernel) and G's first layer as a matrix product, with the EMA.
    trainAndSample(TrainingStateTest.smallDcgan(3), "small DCGAN-28");
  }

  @Test
  void theClassifierKeepsNothingFromAStep() {
    // D alone, with one output per class, on labelled images: cross-entropy and its gradient inside the step.
    ArchitectureSettings model = new ArchitectureSettings("dcgan", 2, 1, 4,
        List.of(), List.of(), 0, true);
    InMemoryImages images = new InMemoryImages(List.of(new byte[784], new byte[784], new byte[784]),
        new int[] {0, 2, 1}, 3, 1, 28, 28, 5, 0);
    trainAndSample(new GanTraining(new GanTraining.Setup(5, DataType.FLOAT, 4, model, GanSettings.of("classifier"),
        OptimizerSettings.adam(1e-3, 0.9, 0.999), OptimizerSettings.adam(1e-3, 0.9, 0.999),
        new ScheduleSettings(10, ScheduleSettings.LearningRateDecay.CONSTANT, 0, 0, 10, 10)), images),
        "classifier");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hinge", "wgan-gp"})
  void snganKeepsNothingFromAStep(String ganClass) {
    // Residual blocks, spectral norm's u buffers, sum pooling and, for wgan-gp, the ResNet critic's second order.
    ArchitectureSettings model = new ArchitectureSettings("sngan", 8, 8, 8,
        List.of(), List.of(), 0, false);
    byte[][] pixels = new byte[3][32 * 32 * 3];
    for (int i = 0; i < pixels.length; i++) {
      java.util.Arrays.fill(pixels[i], (byte) (60 * i));
    }
    InMemoryImages images = new InMemoryImages(List.of(pixels), 3, 32, 32, 5, 0);
    trainAndSample(new GanTraining(new GanTraining.Setup(5, DataType.FLOAT, 4, model, GanSettings.of(ganClass),
        OptimizerSettings.adam(2e-4, 0.0, 0.9), OptimizerSettings.adam(2e-4, 0.0, 0.9),
        new ScheduleSettings(10, ScheduleSettings.LearningRateDecay.LINEAR, 0.9, 0, 10, 10)), images),
        "SNGAN-32 " + ganClass);
  }

  private static void trainAndSample(List<String> overrides) {
    ExperimentConfig config = ExperimentConfig.parse(RingOfGaussiansGanTest.BASE, overrides);
    RingOfGaussians ring = new RingOfGaussians(config.data().ringRadius(), config.data().ringStd());
    trainAndSample(new GanTraining(GanTraining.Setup.of(config), ring), overrides.toString());
  }

  private static void trainAndSample(GanTraining training, String what) {
    for (int i = 0; i < 4; i++) {
      StepMetrics metrics = training.trainStep();
      metrics.values().forEach((name, value) -> assertTrue(Double.isFinite(value), name + " = " + value));
    }
    INDArray samples = training.sample(training.latent(16));
    assertEquals(16, samples.size(0));
    assertFalse(samples.isNaN().any(), "samples after " + what);
    for (Map.Entry<String, INDArray> array : training.state().entrySet()) {
      assertFalse(array.getValue().isAttached(), array.getKey() + " must not live in the step workspace");
    }
  }
}
