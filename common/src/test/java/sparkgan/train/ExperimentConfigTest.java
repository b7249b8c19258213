package sparkgan.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkgan.config.ConfigException;
import sparkgan.gan.GanRegistry;
import sparkgan.model.optim.OptimizerSettings;
import sparkgan.train.ScheduleSettings.LearningRateDecay;

class ExperimentConfigTest {
  /** The smallest valid file: the two keys without defaults. */
  private static final String MINIMAL = "experiment.name = test\ndata.source = \"/data/images\"\n";
  private static final String RING_MLP = "experiment.name = ring\ndata.source = ring\nmodel.architecture = mlp\n";

  /** The keys of the specification, spelled out so that renaming one is a visible decision. */
  private static final Set<String> KEYS = Set.of(
      "experiment.name", "experiment.seed",
      "data.source", "data.split", "data.batch-size", "data.ring-radius", "data.ring-std", "data.holdout",
      "model.architecture", "model.latent-dim", "model.generator-width", "model.discriminator-width",
      "model.generator-hidden", "model.discriminator-hidden", "model.dropout", "model.discriminator-batch-norm",
      "gan.class", "gan.n-dis",
      "optimizer.generator.type", "optimizer.generator.lr", "optimizer.generator.beta1", "optimizer.generator.beta2",
      "optimizer.generator.alpha", "optimizer.generator.momentum", "optimizer.generator.eps",
      "optimizer.discriminator.type", "optimizer.discriminator.lr", "optimizer.discriminator.beta1",
      "optimizer.discriminator.beta2", "optimizer.discriminator.alpha", "optimizer.discriminator.momentum",
      "optimizer.discriminator.eps",
      "train.workers", "train.average-every", "train.checkpoint-every", "train.keep-checkpoints.last",
      "train.keep-checkpoints.every",
      "train.steps", "train.lr-decay", "train.ema-decay", "train.ema-start", "train.sample-every",
      "train.log-every");

  @TempDir
  Path dir;

  private static ExperimentConfig parse(String text, String... overrides) {
    return ExperimentConfig.parse(text, List.of(overrides));
  }

  private static ConfigException fails(String text, String... overrides) {
    return assertThrows(ConfigException.class, () -> parse(text, overrides));
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void defaultsFillEveryKeyNotSet() {
    ExperimentConfig config = parse(MINIMAL);

    assertEquals("test", config.name());
    assertEquals(0, config.seed());
    assertEquals(new DataSettings("/data/images", "train", 64, 2.0, 0.02, 0), config.data());
    assertEquals("dcgan", config.model().architecture());
    assertEquals(128, config.model().latentDim());
    assertEquals(64, config.model().generatorWidth());
    assertEquals(64, config.model().discriminatorWidth());
    assertEquals(List.of(256, 512, 1024), config.model().generatorHidden());
    assertEquals(List.of(512, 256), config.model().discriminatorHidden());
    assertEquals(0.3, config.model().dropout());
    assertTrue(config.model().discriminatorBatchNorm());
    assertEquals(sparkgan.model.GanSettings.of("non-saturating")
        .withOptions(Map.of("real-label", 1.0, "feature-matching-layer", -1)), config.gan());
    OptimizerSettings adam = new OptimizerSettings(OptimizerSettings.Type.ADAM, 2e-4, 0.5, 0.999, 0.99, 0.0, 1e-8,
        ExperimentConfig.GENERATOR_OPTIMIZER);
    assertEquals(adam, config.generatorOptimizer());
    assertEquals(ExperimentConfig.DISCRIMINATOR_OPTIMIZER, config.discriminatorOptimizer().keyPrefix());
    assertEquals(new ScheduleSettings(10000, LearningRateDecay.CONSTANT, 0.0, 0, 1000, 100), config.train());
  }

  @Test
  void provenanceHasExactlyTheSpecifiedKeysSorted() {
    ExperimentConfig config = parse(MINIMAL);
    // The schema's keys and the keys the default GAN read from its block.
    TreeSet<String> keys = new TreeSet<>(KEYS);
    keys.addAll(List.of("gan.non-saturating.feature-matching-layer", "gan.non-saturating.real-label"));

    assertEquals(keys, config.provenance().keySet());
    assertEquals(List.copyOf(keys), List.copyOf(config.provenance().keySet()));
    assertEquals("adam", config.provenance().get("optimizer.discriminator.type"));
    assertEquals("/data/images", config.provenance().get("data.source"));
    assertThrows(UnsupportedOperationException.class, () -> config.provenance().put("x", "y"));
  }

  @Test
  void keysWithoutDefaultMustBeSet() {
    ConfigException noName = fails("data.source = ring\nmodel.architecture = mlp");
    assertEquals("experiment.name", noName.key());
    assertTrue(noName.getMessage().contains("experiment.name is not set and has no default"), noName.getMessage());

    ConfigException noSource = fails("experiment.name = x");
    assertEquals("data.source", noSource.key());
    assertTrue(noSource.getMessage().contains("--set data.source=<value>"), noSource.getMessage());
  }

  @Test
  void overridesBeatTheFileWhichBeatsTheDefaults() throws IOException {
    Path file = write("exp.conf", MINIMAL + "train { steps = 500, log-every = 50 }\ndata.batch-size = 32\n");

    ExperimentConfig config = ExperimentConfig.load(file, List.of("train.steps=700", "data.split=test",
        "train.steps = 900"));

    assertEquals(900, config.train().steps(), "override, and the later of two");
    assertEquals("test", config.data().split(), "override of a default");
    assertEquals(50, config.train().logEvery(), "file");
    assertEquals(32, config.data().batchSize(), "file");
    assertEquals(1000, config.train().sampleEvery(), "default");
  }

  @Test
  void anOverrideOfABlockMergesWithTheFile() {
    ExperimentConfig config = parse(MINIMAL + "optimizer.generator.beta1 = 0.0",
        "optimizer.generator={lr=1e-3, type=rmsprop}", "model.generator-hidden=[8, 16]");

    assertEquals(1e-3, config.generatorOptimizer().learningRate());
    assertEquals(OptimizerSettings.Type.RMSPROP, config.generatorOptimizer().type());
    assertEquals(0.0, config.generatorOptimizer().beta1(), "kept from the file");
    assertEquals(List.of(8, 16), config.model().generatorHidden());
  }

  @Test
  void malformedOverridesAreNamed() {
    for (String override : List.of("train.steps", "=5", " =5", "train.steps=[1", "train.steps=", "train..steps=1",
        "train.steps=1, data.split=x")) {
      ConfigException e = fails(MINIMAL, override);
      assertTrue(e.getMessage().contains("--set " + override + ":"), e.getMessage());
    }
  }

  @Test
  void anOverrideCutShortByACommentIsRefused() {
    ConfigException e = fails(MINIMAL, "data.source=/data/run#3");
    assertEquals("data.source", e.key());
    assertTrue(e.getMessage().contains("Quote the value"), e.getMessage());

    assertEquals("/data/run#3", parse(MINIMAL, "data.source=\"/data/run#3\"").data().source());
  }

  @Test
  void wganGpWithDiscriminatorBatchNormIsRefused() {
    String wganGp = MINIMAL + "gan.class = wgan-gp\n";
    ConfigException e = fails(wganGp);
    assertEquals("model.architecture", e.key());
    assertEquals("Cannot train gan.class = wgan-gp with model.architecture = dcgan: the dcgan discriminator has "
        + "batch norm, which couples the examples of a batch: set model.discriminator-batch-norm = false.",
        e.getMessage());

    // The rule is the GAN's stated need, not its name: the class named in full is refused the same way.
    ConfigException byClassName = fails(MINIMAL, "gan.class = sparkgan.gan.WganGp");
    assertEquals("model.architecture", byClassName.key());

    assertFalse(parse(wganGp, "model.discriminator-batch-norm = false").model().discriminatorBatchNorm());
    // An MLP critic has no batch norm whatever the flag says.
    assertEquals("wgan-gp", parse(RING_MLP, "gan.class = wgan-gp").gan().ganClass());
  }

  @Test
  void theRingNeedsTheMlp() {
    ConfigException e = fails("experiment.name = x\ndata.source = ring");
    assertEquals("model.architecture", e.key());
    assertTrue(e.getMessage().startsWith("Cannot use data.source = ring with model.architecture = dcgan"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("Set model.architecture = mlp."), e.getMessage());

    assertTrue(parse(RING_MLP).data().isRing());
  }

  @Test
  void ganClassMustNameAGan() {
    ConfigException notAGan = fails(MINIMAL + "gan.class = java.lang.String");
    assertEquals("gan.class", notAGan.key());
    assertTrue(notAGan.getMessage().contains("'java.lang.String'"), notAGan.getMessage());

    ConfigException unknown = fails(MINIMAL + "gan.class = cycle-gan");
    assertEquals("gan.class", unknown.key());

    // The GAN's own block: the Wasserstein loss has no targets to smooth, so its GAN reads no real-label.
    ConfigException noTargets = fails(MINIMAL + "gan { class = wasserstein, wasserstein.real-label = 0.9 }");
    assertEquals("gan.wasserstein.real-label", noTargets.key());
    assertTrue(noTargets.getMessage().contains("reads [gan.wasserstein.feature-matching-layer, "
        + "gan.wasserstein.weight-clip]"), noTargets.getMessage());
    assertEquals("gan.non-saturating.real-label must be in (0, 1], got 1.5",
        fails(MINIMAL + "gan.non-saturating.real-label = 1.5").getMessage());
  }

  @Test
  void eachGanReadsItsOwnBlockAndOnlyThatBlockMayBeSet() {
    ExperimentConfig config = parse(MINIMAL + "gan { class = wgan-gp, wgan-gp { gradient-penalty = 5 } }",
        "model.discriminator-batch-norm = false");
    // Every key the GAN read is recorded, defaults included, in canonical types.
    assertEquals(Map.of("gradient-penalty", 5.0, "feature-matching-layer", -1), config.gan().options().given());
    assertTrue(config.render().contains("gan.wgan-gp.gradient-penalty = 5.0\n"), config.render());

    ConfigException otherBlock = fails(MINIMAL + "gan { class = hinge, wgan-gp { gradient-penalty = 5 } }");
    assertEquals("gan.wgan-gp", otherBlock.key());
    assertTrue(otherBlock.getMessage().contains("reads only gan.hinge"), otherBlock.getMessage());

    assertEquals("gan.hinge.gradient-penalty", fails(MINIMAL + "gan { class = hinge, hinge.gradient-penalty = 5 }")
        .key());
    assertEquals("gan.hinge.feature-matching-layer must be an integer, got 1.5",
        fails(MINIMAL + "gan { class = hinge, hinge.feature-matching-layer = 1.5 }").getMessage());
    // A scalar where a block goes is still an unknown key of the schema.
    assertEquals("gan.hinge", fails(MINIMAL + "gan { class = hinge, hinge = 3 }").key());
  }

  @Test
  void aKeyFromBeforeTheGanBlocksSaysWhereItWentNow() {
    ConfigException e = fails(MINIMAL + "gan { class = wgan-gp, gradient-penalty = 5 }");
    assertEquals("gan.gradient-penalty", e.key());
    assertTrue(e.getMessage().contains("gan.gradient-penalty (experiment config: 3), which has moved to "
        + "gan.wgan-gp.gradient-penalty"), e.getMessage());
  }

  @Test
  void anOutsideGanDeclaresItsOwnKeys() {
    String name = SettingsRecordingGan.class.getName();
    ExperimentConfig config = parse(MINIMAL + "gan.class = " + name + "\ngan.settings-recording-gan.weight = 0.5");
    assertEquals(0.5, config.gan().options().given().get("weight"));
    assertEquals(config, parse(config.render()));
    assertEquals(0.25, parse(MINIMAL + "gan.class = " + name).gan().options().given().get("weight"));
    assertEquals("gan.settings-recording-gan.wieght",
        fails(MINIMAL + "gan.class = " + name + "\ngan.settings-recording-gan.wieght = 0.5").key());
  }

  @Test
  void ganClassMayNameAnyGanOnTheClasspath() {
    ExperimentConfig config = parse(MINIMAL + "gan.class = " + SettingsRecordingGan.class.getName() + "\n"
        + "gan.n-dis = 3");

    SettingsRecordingGan gan = assertInstanceOf(SettingsRecordingGan.class, GanRegistry.create(config.gan()));
    assertEquals(3, gan.settings().discriminatorSteps());
  }

  @Test
  void unknownKeysAreListedWithTheValidKeys() {
    ConfigException e = fails(MINIMAL + "data.sauce = x\nmodel { latent = 3 }", "train.step=5");

    assertEquals("data.sauce", e.key());
    String message = e.getMessage();
    assertTrue(message.contains("unknown keys data.sauce ("), message);
    assertTrue(message.contains("model.latent ("), message);
    assertTrue(message.contains("train.step (--set train.step=5"), message);
    assertTrue(message.contains("Valid keys: data.batch-size, data.holdout, data.ring-radius"), message);
    assertTrue(message.contains("train.steps"), message);

    assertEquals("\"data.source\"", fails(MINIMAL + "\"data.source\" = x").key(), "a quoted dotted key is one key");
    ConfigException notABlock = fails(MINIMAL + "model = 5");
    assertEquals("model must be a block of settings in braces, got 5", notABlock.getMessage());
  }

  @Test
  void wrongTypesNameTheKeyAndTheValue() {
    assertEquals("train.steps must be an integer, got 'ten'", fails(MINIMAL + "train.steps = ten").getMessage());
    assertEquals("train.steps must be an integer, got 'ten'", fails(MINIMAL, "train.steps=ten").getMessage());
    assertEquals("data.batch-size must be an integer, got 1.5", fails(MINIMAL + "data.batch-size = 1.5")
        .getMessage());
    assertEquals("model.latent-dim must be an integer in [-2147483648, 2147483647], got 3000000000",
        fails(MINIMAL + "model.latent-dim = 3000000000").getMessage());
    assertEquals("model.dropout must be a number, got [0.1]", fails(MINIMAL + "model.dropout = [0.1]").getMessage());
    assertEquals("model.discriminator-batch-norm must be true or false, got 'maybe'",
        fails(MINIMAL + "model.discriminator-batch-norm = maybe").getMessage());
    assertEquals("model.generator-hidden must be a list of integers, got [\"wide\"]",
        fails(MINIMAL + "model.generator-hidden = [wide]").getMessage());
    assertEquals("model.generator-hidden must be a list of integers, got 64",
        fails(MINIMAL + "model.generator-hidden = 64").getMessage());
    assertEquals("data.split must be a string, got {\"a\":1}", fails(MINIMAL + "data.split { a = 1 }").getMessage());
    assertEquals("data.split must be a string, got null", fails(MINIMAL + "data.split = null").getMessage());
    assertEquals("data.ring-std must be a finite number, got Infinity", fails(MINIMAL + "data.ring-std = 1e999")
        .getMessage());

    // Typesafe's conversions still hold: a quoted number is a number, an integral number an integer.
    ExperimentConfig converted = parse(MINIMAL + "data.batch-size = \"16\"\ntrain.steps = 2e4");
    assertEquals(16, converted.data().batchSize());
    assertEquals(20000, converted.train().steps());
  }

  @Test
  void badEnumValuesListTheChoices() {
    assertEquals("model.architecture must be one of [mlp, dcgan, sngan, sn-cnn] or the name of a class implementing "
        + "sparkgan.model.Architecture, got 'resnet' (no such class on the classpath)",
        fails(MINIMAL + "model.architecture = resnet").getMessage());
    assertEquals("train.lr-decay must be one of [constant, linear], got 'cosine'",
        fails(MINIMAL, "train.lr-decay=cosine").getMessage());
    ConfigException optimizer = fails(MINIMAL + "optimizer.discriminator.type = ADAM");
    assertEquals("optimizer.discriminator.type must be one of [adam, rmsprop, sgd], got 'ADAM'",
        optimizer.getMessage());
    assertEquals("optimizer.discriminator.type", optimizer.key());
  }

  @Test
  void rangesAreCheckedByTheSettingsRecordsWithTheirKeys() {
    assertEquals("data.batch-size must be >= 1, got 0", fails(MINIMAL + "data.batch-size = 0").getMessage());
    assertEquals("optimizer.discriminator.lr", fails(MINIMAL + "optimizer.discriminator.lr = 0").key());
    assertEquals("experiment.name must be a non-blank name, got ' '", fails(MINIMAL, "experiment.name=\" \"")
        .getMessage());
  }

  @Test
  void fileProblemsNameTheFile() throws IOException {
    Path missing = dir.resolve("missing.conf");
    ConfigException notThere = assertThrows(ConfigException.class, () -> ExperimentConfig.load(missing, List.of()));
    assertEquals(missing.toString(), notThere.key());
    assertTrue(notThere.getMessage().contains("no such file"), notThere.getMessage());

    Path broken = write("broken.conf", MINIMAL + "train { steps = 5\n");
    ConfigException syntax = assertThrows(ConfigException.class, () -> ExperimentConfig.load(broken, List.of()));
    assertTrue(syntax.getMessage().startsWith("Cannot parse experiment config " + broken + ": "), syntax.getMessage());

    ConfigException unresolved = fails(MINIMAL + "data.split = ${no-such-key}");
    assertTrue(unresolved.getMessage().contains("no-such-key"), unresolved.getMessage());
  }

  @Test
  void renderIsCanonicalHoconThatParsesBackToTheSameConfig() {
    ExperimentConfig config = parse(RING_MLP + "experiment.seed = -7\ndata.split = \"a \\\"quoted\\\" split\"\n"
        + "model { generator-hidden = [3, 5], dropout = 0.0 }\n"
        + "gan { class = least-squares, n-dis = 2, least-squares { real-label = 0.9, feature-matching-layer = 1 } }\n"
        + "optimizer.discriminator { type = sgd, lr = 0.05, momentum = 0.9 }\n"
        + "train { lr-decay = linear, ema-decay = 0.999, ema-start = 100 }");

    String text = config.render();
    List<String> lines = text.lines().toList();
    assertEquals(KEYS.size() + 2, lines.size()); // the schema's keys and the two least-squares reads
    assertTrue(lines.contains("gan.least-squares.real-label = 0.9"), text);
    assertEquals(lines.stream().sorted().toList(), lines);
    assertTrue(lines.contains("data.source = \"ring\""), text);
    assertTrue(lines.contains("optimizer.generator.lr = 2.0E-4"), text);
    assertTrue(lines.contains("model.generator-hidden = [3, 5]"), text);
    assertTrue(lines.contains("model.discriminator-batch-norm = true"), text);
    assertEquals(config, parse(text));
    assertEquals(text, parse(text).render());
  }

  @Test
  void everyEnumValueRendersAsItIsParsed() {
    // One spelling everywhere (CommandLine.optionName): a constant with an underscore would expose a second one.
    for (LearningRateDecay decay : LearningRateDecay.values()) {
      ExperimentConfig config = parse(MINIMAL, "train.lr-decay=" + sparkgan.config.CommandLine.optionName(decay));
      assertEquals(decay, parse(config.render()).train().learningRateDecay());
    }
    for (OptimizerSettings.Type type : OptimizerSettings.Type.values()) {
      ExperimentConfig config = parse(MINIMAL, "optimizer.generator.type=" + sparkgan.config.CommandLine.optionName(type));
      assertEquals(config, parse(config.render()));
    }
  }

  @Test
  void hashIgnoresOrderCommentsAndSpelledOutDefaults() throws IOException {
    Path terse = write("terse.conf", MINIMAL + "train.steps = 500\n");
    Path verbose = write("verbose.conf", """
        // The same experiment, written differently.
        train {
          log-every = 100   # a default, spelled out
          steps = 500
        }
        optimizer.generator.lr = 0.0002
        data { batch-size = 64, source = "/data/images" }
        experiment { seed = 0, name = "test" }
        """);

    ExperimentConfig a = ExperimentConfig.load(terse, List.of());
    ExperimentConfig b = ExperimentConfig.load(verbose, List.of());
    assertEquals(a, b);
    assertEquals(a.sha256(), b.sha256());
    assertTrue(a.sha256().matches("[0-9a-f]{64}"), a.sha256());

    assertNotEquals(a.sha256(), ExperimentConfig.load(terse, List.of("train.steps=501")).sha256());
    assertNotEquals(a.sha256(), ExperimentConfig.load(terse, List.of("optimizer.discriminator.eps=1e-7")).sha256());
  }

  @Test
  void anOptimizerTakesTheKeysOfItsPosition() {
    ExperimentConfig parsed = parse(MINIMAL);
    ExperimentConfig built = new ExperimentConfig("test", 0, parsed.data(), parsed.model(), parsed.gan(),
        OptimizerSettings.adam(2e-4, 0.5, 0.999), OptimizerSettings.adam(2e-4, 0.5, 0.999), parsed.train(),
        parsed.rounds());

    assertEquals(ExperimentConfig.GENERATOR_OPTIMIZER, built.generatorOptimizer().keyPrefix());
    assertEquals(ExperimentConfig.DISCRIMINATOR_OPTIMIZER, built.discriminatorOptimizer().keyPrefix());
    assertEquals(parsed, built);
  }

  @Test
  void everyExampleExperimentLoads() throws IOException {
    String projectDir = System.getProperty("sparkgan.project.dir");
    assertNotNull(projectDir, "the build sets sparkgan.project.dir to the project's root folder");
    Path examples = Path.of(projectDir, "conf", "experiments");
    List<Path> files;
    try (Stream<Path> listing = Files.list(examples)) {
      files = listing.filter(p -> p.toString().endsWith(".conf")).sorted().collect(Collectors.toList());
    }
    assertEquals(Set.of("ring8.conf", "dcgan-fashion-mnist.conf", "dcgan-cifar10.conf", "wgan-gp-cifar10.conf",
        "mlp-fashion-mnist.conf", "gan-mnist.conf", "wgan-celeba64.conf", "wgan-gp-mnist.conf",
        "classifier-fashion-mnist.conf", "sngan-cifar10.conf", "ssgan-cifar10.conf", "gandoctor-sn-jsgan-cifar10.conf",
        "gandoctor-sn-hinge-cifar10.conf", "cgan-pd-cifar10.conf", "cgan-pd-fashion-mnist.conf"),
        files.stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    for (Path file : files) {
      ExperimentConfig config = ExperimentConfig.load(file, List.of());
      assertEquals(file.getFileName().toString().replace(".conf", ""), config.name(), file.toString());
      assertEquals(config, parse(config.render()), file.toString());
    }
  }
}
