package sparkgan.model.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.ProfilerConfig;

/**
 * The ResNet layers keep nothing from one training step to the next: a small ResNet generator and spectrally
 * normalised critic run several steps (G forward, D forward and backward, the gradient penalty's second-order
 * pass, G backward through D, an update) each in the step workspace, with ND4J's workspace checks on, which make
 * any op on an array from an earlier step throw (as {@code StepWorkspaceTest} does for whole GANs). Spectral norm's
 * u buffer and private weight arrays, and batch norm's running statistics, are written in place across steps.
 */
class ResNetStepWorkspaceTest {
  @BeforeEach
  void checkWorkspaces() {
    Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkWorkspaces(true).build());
  }

  @AfterEach
  void stopChecking() {
    Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().build());
  }

  @Test
  void resNetLayersKeepNothingFromAStep() {
    Rng rng = new Rng(1);
    Network g = Network.build("g", new long[] {8}, List.of(Dense.withBias(4 * 2 * 2), new Reshape(4, 2, 2),
        ResidualBlock.generatorUp(4), ResidualBlock.generatorUp(4), new BatchNorm(), Activation.relu(),
        new Conv2d(3, 3, 1, 1, true), Activation.tanh()), DataType.FLOAT, rng);
    Network d = Network.build("d", new long[] {3, 8, 8}, ResNetLayersGradientTest.critic(true), DataType.FLOAT, rng);
    INDArray u = d.namedBuffers().get("0.dblock0.main.0.snconv.u");
    INDArray uBefore = u.dup();
    for (int step = 0; step < 3; step++) {
      try (MemoryWorkspace ignored = NativeMemory.stepWorkspace()) {
        Rng stepRng = new Rng(100 + step);
        g.zeroGradients();
        d.zeroGradients();
        Activations fake = g.forward(stepRng.gaussian(DataType.FLOAT, 0, 1, 4, 8), Mode.TRAIN, stepRng);
        INDArray ones = Nd4j.ones(DataType.FLOAT, 4, 1);
        d.forward(fake.output(), Mode.TRAIN, stepRng).backwardParameters(ones);
        Activations.InputGradient penalty = d.forward(fake.output(), Mode.TRAIN, stepRng)
            .differentiableInputGradient(ones);
        penalty.backward(penalty.value());
        fake.backward(d.forward(fake.output(), Mode.TRAIN, stepRng).inputGradient(ones));
        g.parameters().subi(g.gradients().mul(0.01));
        d.parameters().subi(d.gradients().mul(0.01));
      }
    }
    assertTrue(u.sub(uBefore).norm2Number().doubleValue() > 0, "u moved in the training passes");
    assertTrue(Double.isFinite(d.gradientNorm()) && d.gradientNorm() > 0, "critic gradient " + d.gradientNorm());
  }
}
