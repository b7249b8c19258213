package sparkgan.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.model.ArchitectureSettings;
import sparkgan.model.GanSettings;
import sparkgan.model.optim.OptimizerSettings;

/** The training state as data: exact save/load, averaging, restore, resume and same-seed determinism. */
class TrainingStateTest {
  @TempDir
  Path dir;

  private final FileSystem fs = localFileSystem();

  private static FileSystem localFileSystem() {
    try {
      return FileSystem.getLocal(new Configuration());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A small DCGAN-28 (convolutions, batch norm, both optimizers, EMA) on random images: every kind of state. */
  static GanTraining smallDcgan(long seed) {
    ArchitectureSettings model = new ArchitectureSettings("dcgan", 8, 4, 4, List.of(),
        List.of(), 0, true);
    ScheduleSettings schedule = new ScheduleSettings(100, ScheduleSettings.LearningRateDecay.LINEAR, 0.9, 0, 100, 100);
    RealData images = new InMemoryImages(List.of(new byte[784], filled(784, 200), filled(784, 90)), 1, 28, 28, seed, 0);
    return new GanTraining(new GanTraining.Setup(seed, DataType.FLOAT, 4, model, GanSettings.of("non-saturating"),
        OptimizerSettings.adam(2e-4, 0.5, 0.999), OptimizerSettings.adam(2e-4, 0.5, 0.999), schedule), images);
  }

  private static byte[] filled(int n, int value) {
    byte[] bytes = new byte[n];
    java.util.Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  private static GanTraining ring(long seed) {
    return RingTraining.training(GanSettings.of("non-saturating"), OptimizerSettings.adam(1e-3, 0.5, 0.999), 100, seed);
  }

  private static void train(GanTraining training, int steps) {
    for (int i = 0; i < steps; i++) {
      training.trainStep();
    }
  }

  private static void assertSameState(Map<String, INDArray> expected, Map<String, INDArray> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((name, array) -> {
      assertEquals(array.dataType(), actual.get(name).dataType(), name);
      assertEquals(array, actual.get(name), name + " must be bit-identical");
    });
  }

  @Test
  void sameSeedGivesBitIdenticalStateAfterNSteps() {
    GanTraining a = smallDcgan(5);
    GanTraining b = smallDcgan(5);
    train(a, 6);
    train(b, 6);
    assertSameState(TrainingState.copy(a.state()), TrainingState.copy(b.state()));
    GanTraining c = smallDcgan(6);
    train(c, 6);
    assertNotEquals(a.state().get("generator/parameters"), c.state().get("generator/parameters"), "another seed");
  }

  @Test
  void saveAndLoadRoundTripBitExactly() throws IOException {
    GanTraining training = smallDcgan(1);
    train(training, 3);
    Map<String, INDArray> state = TrainingState.copy(training.state());
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("state.bin").toUri());
    TrainingState.write(state, fs, file);
    assertSameState(state, TrainingState.read(fs, file));
    assertTrue(state.containsKey("generator_ema/parameters"));
    assertTrue(state.containsKey("discriminator/optimizer/adam.v"));
    assertTrue(state.containsKey("generator/buffers"), "batch-norm running statistics");
    assertEquals(3L, state.get(GanTraining.STEP).getLong(0));
  }

  @Test
  void alteredOrTruncatedStateFilesAreRefused() throws IOException {
    GanTraining training = ring(2);
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("state.bin").toUri());
    TrainingState.write(training.state(), fs, file);
    byte[] bytes = Files.readAllBytes(dir.resolve("state.bin"));
    bytes[bytes.length / 2] ^= 1;
    Files.write(dir.resolve("altered.bin"), bytes);
    IOException altered = assertThrows(IOException.class,
        () -> TrainingState.read(fs, new org.apache.hadoop.fs.Path(dir.resolve("altered.bin").toUri())));
    assertTrue(altered.getMessage().contains("checksum mismatch"), altered.getMessage());
    Files.write(dir.resolve("short.bin"), java.util.Arrays.copyOf(bytes, bytes.length - 40));
    IOException truncated = assertThrows(IOException.class,
        () -> TrainingState.read(fs, new org.apache.hadoop.fs.Path(dir.resolve("short.bin").toUri())));
    assertTrue(truncated.getMessage().startsWith("Cannot read training state"), truncated.getMessage());
  }

  @Test
  void resumingFromASavedStateContinuesExactlyAsAnUninterruptedRun() throws IOException {
    GanTraining uninterrupted = ring(3);
    train(uninterrupted, 12);

    GanTraining first = ring(3);
    train(first, 5);
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("state.bin").toUri());
    TrainingState.write(first.state(), fs, file);
    // A fresh training of the same config (the seed is config, checked on resume): its weights, step, optimizer
    // moments and data position must all come from the file.
    GanTraining resumed = ring(3);
    resumed.restore(TrainingState.read(fs, file));
    train(resumed, 7);

    assertSameState(TrainingState.copy(uninterrupted.state()), TrainingState.copy(resumed.state()));
  }

  @Test
  void averagingIdenticalCopiesChangesNothingAndAveragingIsElementwise() {
    GanTraining training = smallDcgan(4);
    train(training, 2);
    Map<String, INDArray> state = TrainingState.copy(training.state());
    Map<String, INDArray> averaged = TrainingState.average(List.of(state, state, state), new long[] {64, 64, 64});
    assertSameState(state, averaged);

    GanTraining other = smallDcgan(4);
    train(other, 2);
    other.state().get("generator/parameters").addi(2.0);
    INDArray mean = TrainingState.average(List.of(state, TrainingState.copy(other.state())))
        .get("generator/parameters");
    assertEquals(state.get("generator/parameters").add(1.0), mean);

    // Weighted by examples: weights 3 and 1 put the mean a quarter of the way from the first state (+2 * 1/4).
    INDArray weighted = TrainingState.average(List.of(state, TrainingState.copy(other.state())), new long[] {3, 1})
        .get("generator/parameters");
    assertEquals(state.get("generator/parameters").add(0.5), weighted);

    training.restore(averaged); // an averaged state replaces the live one in place
    assertSameState(state, TrainingState.copy(training.state()));
  }

  @Test
  void statesOfDifferentRunPointsOrModelsAreNotMixed() {
    GanTraining a = ring(1);
    GanTraining b = ring(1);
    train(a, 1);
    IllegalArgumentException steps = assertThrows(IllegalArgumentException.class,
        () -> TrainingState.average(List.of(TrainingState.copy(a.state()), TrainingState.copy(b.state()))));
    assertTrue(steps.getMessage().startsWith("Cannot average training states: ")
        && steps.getMessage().contains("steps differs ([1] vs [0])"), steps.getMessage());
    IllegalArgumentException model = assertThrows(IllegalArgumentException.class,
        () -> a.restore(smallDcgan(1).state()));
    assertTrue(model.getMessage().startsWith("Cannot restore training state: "), model.getMessage());
  }
}
