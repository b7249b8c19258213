package sparkgan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.config.ConfigException;
import sparkgan.model.nn.Rng;
import sparkgan.train.ExperimentConfig;
import sparkgan.train.FixedSamples;
import sparkgan.train.GanTraining;
import sparkgan.train.InMemoryImages;
import sparkgan.train.LocalRounds;
import sparkgan.train.RunLayout;
import sparkgan.train.SampleImages;
import sparkgan.train.TrainingRun;

/**
 * The class-conditional GAN (projection discriminator, conditional batch norm in G) on data whose four classes
 * differ in brightness only: after a short run its generator draws, from the same latents, images of the brightness
 * of the class it is given, and the fixed-noise grid shows one class per row. The negative control,
 * {@link LabelBlindGan}, trains the same networks with labels that do not belong to their images and must fail the
 * same check: its labels carry nothing, so at best by chance does a label pick its class (a quarter of the time).
 */
class ProjectionGanTest {
  private static final int STEPS = 150;
  private static final int CLASSES = 4;
  private static final String SETTINGS = """
      experiment.name = cgan-test
      experiment.seed = 5
      data { source = synthetic, batch-size = 32 }
      model { architecture = sngan, latent-dim = 32, generator-width = 16, discriminator-width = 16 }
      optimizer.generator { type = adam, lr = 5e-4, beta1 = 0.0, beta2 = 0.9 }
      optimizer.discriminator { type = adam, lr = 5e-4, beta1 = 0.0, beta2 = 0.9 }
      train { steps = 150, checkpoint-every = 150, sample-every = 150, log-every = 50 }
      """;

  @TempDir
  Path results;

  @Test
  void theGeneratorFollowsItsLabelsAndTheGridHasOneClassPerRow() throws IOException {
    GanTraining training = train("cgan-pd");
    double accuracy = classAccuracy(training);
    // Chance is 1/4; after this short run three of the four classes are drawn right, the brightest not yet apart
    // from the one below it.
    assertTrue(accuracy > 0.7, "share of samples as bright as the class they were asked for: " + accuracy);

    // The grid: one row per class, the same eight latents in every row (pixel for pixel what the generator draws).
    Path samples = Path.of(RunLayout.of(results.toString(), "cgan-test", "t").samples().toUri().getPath());
    BufferedImage grid = ImageIO.read(samples.resolve("step=" + STEPS + ".png").toFile());
    FixedSamples fixed = FixedSamples.of(config("cgan-pd"), DataType.FLOAT, CLASSES, false);
    assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1}, Arrays.copyOf(fixed.labels(), 16));
    assertEquals(CLASSES * 8, fixed.noise().size(0));
    BufferedImage expected = SampleImages.grid(training.sample(fixed.noise(), fixed.labels()), FixedSamples.GRID_COLUMNS);
    assertEquals(CLASSES * 32 + (CLASSES - 1) * SampleImages.GRID_BORDER, grid.getHeight());
    assertArrayEquals(expected.getRaster().getPixels(0, 0, expected.getWidth(), expected.getHeight(), (int[]) null),
        grid.getRaster().getPixels(0, 0, grid.getWidth(), grid.getHeight(), (int[]) null));
    assertEquals(fixed.noise().getRow(0), fixed.noise().getRow(8), "every row starts from the same latent");
  }

  @Test
  void aGanThatIgnoresTheLabelsFailsTheCheck() throws IOException {
    double accuracy = classAccuracy(train(LabelBlindGan.class.getName()));
    assertTrue(accuracy < 0.45, "label-blind GAN's share of samples of the asked class: " + accuracy);
  }

  @Test
  void aConditionalGanNeedsLabelsAndAConditionalGenerator() {
    ConfigException dcgan = assertThrows(ConfigException.class, () -> config("cgan-pd",
        "model.architecture=dcgan"));
    assertEquals("model.architecture", dcgan.key());
    assertTrue(dcgan.getMessage().contains("the dcgan generator takes no labels"), dcgan.getMessage());

    InMemoryImages unlabelled = new InMemoryImages(List.of(new byte[32 * 32]), 1, 32, 32, 0, 0);
    ConfigException noLabels = assertThrows(ConfigException.class,
        () -> new GanTraining(GanTraining.Setup.of(config("cgan-pd")), unlabelled));
    assertEquals("data.source", noLabels.key());
  }

  private GanTraining train(String ganClass) throws IOException {
    ExperimentConfig config = config(ganClass);
    GanTraining training = new GanTraining(GanTraining.Setup.of(config), TestImages.brightnessClasses(512, CLASSES,
        5));
    new TrainingRun(config, training, new LocalRounds(), RunLayout.of(results.toString(), config.name(), "t"),
        "synthetic", Map.of(), new Configuration(), Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()))
        .run(false);
    return training;
  }

  private static ExperimentConfig config(String ganClass, String... overrides) {
    List<String> all = new java.util.ArrayList<>(List.of("gan.class=\"" + ganClass + "\""));
    all.addAll(Arrays.asList(overrides));
    return ExperimentConfig.parse(SETTINGS, all);
  }

  /**
   * The share of samples whose mean pixel is nearest the level of the class they were generated for: 64 latents,
   * each given every label.
   */
  private static double classAccuracy(GanTraining training) {
    INDArray z = new Rng(11).gaussian(DataType.FLOAT, 0, 1, 64, 32);
    int correct = 0;
    for (int k = 0; k < CLASSES; k++) {
      int[] labels = new int[64];
      Arrays.fill(labels, k);
      INDArray means = training.sample(z, labels).reshape(64, -1).mean(1);
      for (int i = 0; i < 64; i++) {
        double pixel = (means.getDouble(i) + 1) * 127.5;
        int nearest = 0;
        for (int c = 1; c < CLASSES; c++) {
          if (Math.abs(pixel - TestImages.level(c, CLASSES)) < Math.abs(pixel - TestImages.level(nearest, CLASSES))) {
            nearest = c;
          }
        }
        correct += nearest == k ? 1 : 0;
      }
    }
    return (double) correct / (64 * CLASSES);
  }
}
