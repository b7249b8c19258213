package sparkgan.outside;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.config.ConfigException;
import sparkgan.gan.GanRegistry;
import sparkgan.train.Checkpoints;
import sparkgan.train.ExperimentConfig;
import sparkgan.train.GanTraining;
import sparkgan.train.LocalRounds;
import sparkgan.train.RingOfGaussians;
import sparkgan.train.RunLayout;
import sparkgan.train.TrainingRun;
import sparkgan.train.TrainingState;

/**
 * A GAN written outside the library with its own network family, its own config block and an extra network trains
 * through the config alone, as a researcher's would: {@link LatentRecoveryGan} on {@link TinyMlp}, named by class in
 * {@code gan.class} and {@code model.architecture}, with {@code gan.latent-recovery-gan { ... }}. Its checkpoint
 * holds the extra network's parameters and optimizer state and restores them bit for bit, so a resumed run
 * continues exactly where it stopped.
 */
class OutsideGanTest {
  private static final String EXPERIMENT = """
      experiment { name = outside, seed = 9 }
      data.source = ring
      model { architecture = "sparkgan.outside.TinyMlp", latent-dim = 4, generator-width = 32, discriminator-width = 32 }
      gan {
        class = "sparkgan.outside.LatentRecoveryGan"
        latent-recovery-gan { recovery-weight = 0.5, encoder-width = 24 }
      }
      optimizer.generator { lr = 1e-3 }
      optimizer.discriminator { lr = 1e-3 }
      train { steps = 400, average-every = 10, checkpoint-every = 200, sample-every = 200, log-every = 10 }
      """;

  @TempDir
  Path results;

  @Test
  void itsSettingsAreReadValidatedAndRecorded() {
    ExperimentConfig config = ExperimentConfig.parse(EXPERIMENT, List.of());
    assertEquals(Map.of("recovery-weight", 0.5, "encoder-width", 24), config.gan().options().given());
    assertTrue(config.render().contains("gan.latent-recovery-gan.encoder-width = 24\n"), config.render());
    assertTrue(config.render().contains("model.architecture = \"sparkgan.outside.TinyMlp\"\n"), config.render());
    assertEquals(config, ExperimentConfig.parse(config.render(), List.of()));
    assertInstanceOf(LatentRecoveryGan.class, GanRegistry.create(config.gan()));

    ConfigException bad = assertThrows(ConfigException.class, () -> ExperimentConfig.parse(EXPERIMENT,
        List.of("gan.latent-recovery-gan.encoder-width=0")));
    assertEquals("gan.latent-recovery-gan.encoder-width must be >= 1, got 0", bad.getMessage());
    ConfigException unknown = assertThrows(ConfigException.class, () -> ExperimentConfig.parse(EXPERIMENT,
        List.of("gan.latent-recovery-gan.decoder-width=3")));
    assertEquals("gan.latent-recovery-gan.decoder-width", unknown.key());
  }

  @Test
  void itTrainsThroughTheConfigAndItsExtraNetworkRoundTripsBitExactly() throws IOException {
    ExperimentConfig config = ExperimentConfig.parse(EXPERIMENT, List.of());
    GanTraining straight = training(config);
    TrainingRun.Result result = run(config, straight, "straight");
    assertEquals(400, straight.step());

    Map<String, INDArray> saved = Checkpoints.readState(new Configuration(), result.lastCheckpoint());
    assertTrue(saved.keySet().containsAll(List.of("encoder/parameters", "encoder/optimizer/adam.m",
        "encoder/optimizer/adam.v")), saved.keySet().toString());
    // encoder: 2 -> 24 -> 4, weights and biases.
    assertEquals(2 * 24 + 24 + 24 * 4 + 4, saved.get("encoder/parameters").length());
    assertArrayEquals(TrainingState.toBytes(straight.state()), TrainingState.toBytes(saved));
    String description = Files.readString(Path.of(result.lastCheckpoint().toUri().getPath(),
        Checkpoints.LAYOUT_FILE));
    assertTrue(description.contains("\"encoder\""), description);

    GanTraining restored = training(config);
    restored.restore(saved);
    assertArrayEquals(TrainingState.toBytes(saved), TrainingState.toBytes(restored.state()));

    // As if killed after its first checkpoint: the second one gone, the trial resumes from step 200 and must end
    // with the same bits as the run that went straight through.
    byte[] finalBits = TrainingState.toBytes(straight.state());
    RunLayout layout = RunLayout.of(results.toString(), "outside", "straight");
    Checkpoints.deleteAfter(new Configuration(), layout, 200);
    GanTraining resumed = training(config);
    TrainingRun.Result again = new TrainingRun(config, resumed, new LocalRounds(), layout, "ring", Map.of(),
        new Configuration(), Clock.systemUTC(), quiet()).run(true);
    assertEquals(200, again.startStep());
    assertArrayEquals(finalBits, TrainingState.toBytes(resumed.state()));
  }

  @Test
  void itsEncoderLearnsToRecoverTheLatents() {
    ExperimentConfig config = ExperimentConfig.parse(EXPERIMENT, List.of());
    GanTraining training = training(config);
    double early = meanRecoveryError(training, 20);
    training.trainSteps(300);
    double late = meanRecoveryError(training, 20);
    assertTrue(late < 0.5 * early, "recovery error early " + early + ", late " + late);
  }

  private static double meanRecoveryError(GanTraining training, int steps) {
    double sum = 0;
    for (int i = 0; i < steps; i++) {
      sum += training.trainStep().values().get(LatentRecoveryGan.RECOVERY_MSE);
    }
    return sum / steps;
  }

  private static GanTraining training(ExperimentConfig config) {
    return new GanTraining(GanTraining.Setup.of(config), new RingOfGaussians(config.data().ringRadius(),
        config.data().ringStd()));
  }

  private TrainingRun.Result run(ExperimentConfig config, GanTraining training, String trial) throws IOException {
    return new TrainingRun(config, training, new LocalRounds(), RunLayout.of(results.toString(), "outside", trial),
        "ring", Map.of(), new Configuration(), Clock.systemUTC(), quiet()).run(false);
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream());
  }
}
