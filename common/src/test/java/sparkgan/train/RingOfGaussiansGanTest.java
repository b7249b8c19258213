package sparkgan.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Does each GAN visibly learn? 8 Gaussians on a ring (radius 2, std 0.05), small MLPs, a fixed budget on CPU,
 * 2,500 samples counted afterwards. Issue 7's bar is at least 6 of 8 modes covered and at least 70% of samples
 * within 3 standard deviations of a mode centre. A GAN whose generator gradient is cut must fail that bar, or the
 * check could not tell a GAN that learns from one that does not.
 *
 * <p>Within this suite's budget (3,000 generator steps of batch 512) the plain objectives meet the full bar (measured
 * 2026-11-23: non-saturating 90.7%, minimax 80.7%, hinge 90.0%, least squares 87.9%, WGAN-GP 83.5%, label smoothing
 * 89.8%). Batch 512 is what made the difference: at batch 128 the same runs placed 28-71% of samples within 3 std.
 * Two variants need a longer budget: feature matching matches only the mean of D's features, so samples settle on
 * the modes slowly (about 64% after 3,000 steps; 77.0% after 6,000); WGAN with weight clipping trains slowly, and
 * more so the tighter the clip (after 3,000 steps: clip 0.1 59%, 0.5 65%, 1.0 69%; clip 0.5 after 6,000 steps 87%;
 * clip 1.0 after 4,500 steps 80.4%). Clip 1.0 still constrains this critic: 26% of its weights sit at +-1 by the
 * last step.
 *
 * <p>Every run goes through an experiment config, as a user's would: the base below plus per-objective settings of
 * the kind the papers use (WGAN: RMSprop, n_dis 5; WGAN-GP's toy setup: lambda 0.1, Adam betas (0.5, 0.9)). The
 * ring's std is 0.05 rather than Metz et al.'s 0.02: at 0.02 (3 std = 0.06) no objective reaches the quality bar
 * in this budget; mode coverage is as demanding at either (adjacent modes are 1.53 apart).
 */
@Execution(ExecutionMode.CONCURRENT)
class RingOfGaussiansGanTest {
  static final int MIN_MODES = 6;
  static final double ISSUE_HIGH_QUALITY = 0.70;

  static final String BASE = """
      experiment { name = ring-test, seed = 1 }
      data { source = ring, batch-size = 512, ring-radius = 2.0, ring-std = 0.05 }
      model { architecture = mlp, latent-dim = 16, generator-hidden = [64, 64], discriminator-hidden = [64, 64],
              dropout = 0.0 }
      optimizer {
        generator { type = adam, lr = 1e-3, beta1 = 0.5, beta2 = 0.999 }
        discriminator { type = adam, lr = 1e-3, beta1 = 0.5, beta2 = 0.999 }
      }
      train { steps = 3000, lr-decay = linear, sample-every = 3000, log-every = 3000 }
      """;

  static RingOfGaussians.Coverage train(List<String> overrides) {
    ExperimentConfig config = ExperimentConfig.parse(BASE, overrides);
    RingOfGaussians ring = new RingOfGaussians(config.data().ringRadius(), config.data().ringStd());
    GanTraining training = new GanTraining(GanTraining.Setup.of(config), ring);
    for (long i = 0; i < config.train().steps(); i++) {
      training.trainStep();
    }
    return ring.coverage(training.sample(training.latent(RingTraining.SAMPLES)));
  }

  static String describe(List<String> overrides, RingOfGaussians.Coverage c) {
    return String.format(Locale.ROOT, "%s: %d of 8 modes, %.1f%% high quality, per mode %s", overrides,
        c.modesCovered(), 100 * c.highQualityShare(), java.util.Arrays.toString(c.highQualityPerMode()));
  }

  /** Trains and asserts at least {@link #MIN_MODES} modes and the given high-quality share. */
  static void assertLearns(double minHighQuality, List<String> overrides) {
    RingOfGaussians.Coverage c = train(overrides);
    System.out.println("RING " + describe(overrides, c));
    assertTrue(c.modesCovered() >= MIN_MODES && c.highQualityShare() >= minHighQuality,
        "below " + MIN_MODES + " modes or " + minHighQuality + " high quality: " + describe(overrides, c));
  }

  @Test
  void nonSaturatingMeetsTheIssueBar() {
    assertLearns(ISSUE_HIGH_QUALITY, List.of("gan.class=non-saturating"));
  }

  @Test
  void oneSidedLabelSmoothingMeetsTheIssueBar() {
    assertLearns(ISSUE_HIGH_QUALITY, List.of("gan.class=non-saturating", "gan.non-saturating.real-label=0.9"));
  }

  @Test
  void aGanClassWrittenOutsideTheLibraryTrainsThroughConfigAlone() {
    assertLearns(ISSUE_HIGH_QUALITY, List.of("gan.class=" + TutorialGan.class.getName()));
  }

  @Test
  void minimaxMeetsTheIssueBar() {
    assertLearns(ISSUE_HIGH_QUALITY, List.of("gan.class=minimax"));
  }

  @Test
  void hingeMeetsTheIssueBar() {
    assertLearns(ISSUE_HIGH_QUALITY, List.of("gan.class=hinge"));
  }

  @Test
  void leastSquaresMeetsTheIssueBar() {
    assertLearns(ISSUE_HIGH_QUALITY, List.of("gan.class=least-squares"));
  }

  @Test
  void featureMatchingMeetsTheIssueBar() {
    assertLearns(ISSUE_HIGH_QUALITY, List.of("gan.class=non-saturating", "gan.non-saturating.feature-matching-layer=3",
        "train.steps=6000"));
  }

  @Test
  void wassersteinWithWeightClippingMeetsTheIssueBar() {
    assertLearns(ISSUE_HIGH_QUALITY, List.of("gan.class=wasserstein", "gan.n-dis=5", "gan.wasserstein.weight-clip=1.0",
        "train.steps=4500",
        "optimizer.generator.type=rmsprop", "optimizer.discriminator.type=rmsprop",
        "optimizer.generator.lr=5e-4", "optimizer.discriminator.lr=5e-4"));
  }

  @Test
  void wganGpMeetsTheIssueBar() {
    assertLearns(ISSUE_HIGH_QUALITY, List.of("gan.class=wgan-gp", "gan.n-dis=3", "gan.wgan-gp.gradient-penalty=0.1",
        "optimizer.generator.beta2=0.9", "optimizer.discriminator.beta2=0.9"));
  }

  @Test
  void aGanWhoseGeneratorGradientIsCutFailsTheIssueBar() {
    List<String> overrides = List.of("gan.class=" + GradientCutGan.class.getName());
    RingOfGaussians.Coverage c = train(overrides);
    System.out.println("RING control " + describe(overrides, c));
    assertTrue(c.modesCovered() < MIN_MODES || c.highQualityShare() < ISSUE_HIGH_QUALITY,
        "the negative control passed the check, so the check proves nothing: " + describe(overrides, c));
  }
}
