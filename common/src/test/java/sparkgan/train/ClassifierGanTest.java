package sparkgan.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.config.ConfigException;
import sparkgan.model.ArchitectureSettings;
import sparkgan.model.Architectures;
import sparkgan.model.GanSettings;
import sparkgan.model.StepMetrics;
import sparkgan.model.nn.Mode;
import sparkgan.model.nn.Network;
import sparkgan.model.nn.Rng;
import sparkgan.model.objective.CrossEntropy;
import sparkgan.model.optim.OptimizerSettings;

/** {@code gan.class = classifier} in the GAN trainer: one SGD step is D's cross-entropy step; G is untouched. */
class ClassifierGanTest {
  private static final int CLASSES = 3;
  private static final double LR = 0.1;
  private static final ArchitectureSettings MLP = new ArchitectureSettings("mlp", 2,
      1, 1, List.of(3), List.of(6), 0, false);

  private static InMemoryImages data(int classes) {
    List<byte[]> images = new ArrayList<>();
    int[] labels = new int[10];
    Rng rng = new Rng(4);
    for (int i = 0; i < 10; i++) {
      byte[] pixels = new byte[4];
      for (int p = 0; p < 4; p++) {
        pixels[p] = (byte) (rng.nextLong() & 0xFF);
      }
      images.add(pixels);
      labels[i] = i % CLASSES;
    }
    return new InMemoryImages(images, classes == 0 ? new int[10] : labels, classes, 1, 2, 2, 8, 0);
  }

  private static GanTraining training(InMemoryImages data) {
    OptimizerSettings sgd = new OptimizerSettings(OptimizerSettings.Type.SGD, LR, 0.5, 0.999, 0.99, 0, 1e-8,
        "optimizer");
    return new GanTraining(new GanTraining.Setup(1, DataType.DOUBLE, 4, MLP, GanSettings.of("classifier"), sgd, sgd,
        new ScheduleSettings(3, ScheduleSettings.LearningRateDecay.CONSTANT, 0, 0, 10, 10)), data);
  }

  /**
   * θ1 = θ0 - lr · dL/dθ0 with L the cross-entropy of the batch the step drew (examples 0-3 of the data and their
   * labels), the gradient taken by central differences on a separate copy of D.
   */
  @Test
  void oneSgdStepFollowsTheFiniteDifferenceGradientOfTheBatchCrossEntropy() {
    InMemoryImages data = data(CLASSES);
    GanTraining training = training(data);
    assertEquals(CLASSES, training.discriminator().outputShape()[0], "one logit per class");
    INDArray theta0 = training.discriminator().parameters().dup();
    INDArray generator0 = training.generator().parameters().dup();
    INDArray batch = data.next(0, 4, new Rng(0), DataType.DOUBLE);
    int[] labels = data.labels(0, 4);

    StepMetrics metrics = training.trainStep();

    Network copy = Architectures.discriminator(MLP, data.sampleShape(), CLASSES, DataType.DOUBLE, new Rng(0));
    copy.parameters().assign(theta0);
    double value = CrossEntropy.of(copy.forward(batch, Mode.TRAIN, new Rng(0)).output(), labels).value();
    assertEquals(value, metrics.get(StepMetrics.LOSS_D), 1e-12);
    double step = 1e-6;
    double worst = 0;
    INDArray theta = copy.parameters();
    INDArray theta1 = training.discriminator().parameters();
    for (long i = 0; i < theta.length(); i++) {
      double original = theta.getDouble(i);
      theta.putScalar(i, original + step);
      double plus = CrossEntropy.of(copy.forward(batch, Mode.TRAIN, new Rng(0)).output(), labels).value();
      theta.putScalar(i, original - step);
      double minus = CrossEntropy.of(copy.forward(batch, Mode.TRAIN, new Rng(0)).output(), labels).value();
      theta.putScalar(i, original);
      double expectedMove = -LR * (plus - minus) / (2 * step);
      double move = theta1.getDouble(i) - original;
      worst = Math.max(worst, Math.abs(move - expectedMove) / Math.max(Math.abs(move) + Math.abs(expectedMove),
          1e-9));
    }
    assertTrue(worst < 1e-5, "max relative error of the step " + worst);
    assertTrue(theta1.sub(theta0).amaxNumber().doubleValue() > 1e-4, "D moved");
    assertEquals(generator0, training.generator().parameters(), "G untouched");
    assertEquals(4, training.consumed(), "one batch drawn");
    double accuracy = metrics.get(StepMetrics.ACCURACY);
    assertTrue(accuracy >= 0 && accuracy <= 1 && accuracy * 4 == Math.rint(accuracy * 4), "accuracy " + accuracy);
    assertTrue(!training.generates(), "a classifier has nothing to sample");
  }

  @Test
  void unlabelledDataIsRefusedWhenTheTrainingIsBuilt() {
    ConfigException refused = assertThrows(ConfigException.class, () -> training(data(0)));
    assertTrue(refused.getMessage().startsWith("Cannot train gan.class = classifier on data without labels"),
        refused.getMessage());
  }
}
