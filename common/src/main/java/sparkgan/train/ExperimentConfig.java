package sparkgan.train;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import sparkgan.config.CommandLine;
import sparkgan.config.ConfigException;
import sparkgan.config.ConfigReader;
import sparkgan.config.ConfigSchema;
import sparkgan.config.Provenanced;
import sparkgan.config.Sha256;
import sparkgan.gan.GanRegistry;
import sparkgan.model.Architecture;
import sparkgan.model.ArchitectureSettings;
import sparkgan.model.Architectures;
import sparkgan.model.Capability;
import sparkgan.model.Gan;
import sparkgan.model.GanSettings;
import sparkgan.model.optim.OptimizerSettings;
import sparkgan.train.ScheduleSettings.LearningRateDecay;

/**
 * One experiment: everything a training run needs besides the cluster, read once from a HOCON file and never
 * changed. Each block is a settings record that checks its own fields; this record checks the rules that span
 * blocks, so an impossible combination fails when the file is loaded, before Spark starts.
 *
 * <p>Keys, defaults and their documentation are in {@code sparkgan/experiment-defaults.conf} (on the classpath);
 * {@code conf/experiments/} has examples. {@link #render()} is the canonical text of the effective settings and
 * {@link #sha256()} its hash: runs, checkpoints and metrics record the hash, so results from the same settings can
 * be found together however their files were written.
 *
 * @param name {@code experiment.name}: names the run; not blank
 * @param seed {@code experiment.seed}: seeds every random draw of the run
 * @param data {@code data.*}
 * @param model {@code model.*}
 * @param gan {@code gan.*}; {@code gan.class} must name a GAN {@link GanRegistry} can create, and its block
 *     {@code gan.<name>} holds the value of every key the GAN reads, defaults included
 * @param generatorOptimizer {@code optimizer.generator.*}
 * @param discriminatorOptimizer {@code optimizer.discriminator.*}
 * @param train {@code train.*}: steps and schedules
 * @param rounds {@code train.*}: workers, averaging, checkpoints
 */
public record ExperimentConfig(String name, long seed, DataSettings data, ArchitectureSettings model, GanSettings gan,
    OptimizerSettings generatorOptimizer, OptimizerSettings discriminatorOptimizer, ScheduleSettings train,
    RoundSettings rounds) implements Provenanced {

  public static final String GENERATOR_OPTIMIZER = "optimizer.generator";
  public static final String DISCRIMINATOR_OPTIMIZER = "optimizer.discriminator";

  private static final ConfigSchema SCHEMA = ConfigSchema.fromResource(ExperimentConfig.class,
      "/sparkgan/experiment-defaults.conf", "experiment config", "gan").withMovedKeys(Map.of(
          "gan.real-label", "the GAN's own block (gan.non-saturating.real-label, for one)",
          "gan.feature-matching-layer", "the GAN's own block (gan.hinge.feature-matching-layer, for one)",
          "gan.gradient-penalty", "gan.wgan-gp.gradient-penalty",
          "gan.weight-clip", "gan.wasserstein.weight-clip"));

  /**
   * Checks the rules between blocks. The optimizers are re-keyed to their block ({@link #GENERATOR_OPTIMIZER},
   * {@link #DISCRIMINATOR_OPTIMIZER}): where an optimizer sits decides its keys, whatever prefix it was built with.
   * The GAN's block is replaced by what the GAN read from it, defaults included, so two files that differ only in
   * spelling out a default give equal configs.
   */
  public ExperimentConfig {
    if (name == null || name.isBlank()) {
      throw ConfigException.invalid("experiment.name", "a non-blank name", name);
    }
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(gan, "gan");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(rounds, "rounds");
    generatorOptimizer = atKey(Objects.requireNonNull(generatorOptimizer, "generatorOptimizer"), GENERATOR_OPTIMIZER);
    discriminatorOptimizer = atKey(Objects.requireNonNull(discriminatorOptimizer, "discriminatorOptimizer"),
        DISCRIMINATOR_OPTIMIZER);
    Architecture family = Architectures.find(model.architecture());
    family.check(model);
    if (data.isRing()) {
      requireTakesPoints(family, model);
    }
    // Creating the GAN is the only complete check of gan.class (a class name, a constructor, its block's keys).
    Gan created = GanRegistry.create(gan);
    gan.options().requireOnlyRead("gan.class = " + gan.ganClass());
    gan = gan.withOptions(gan.options().effective());
    for (Capability capability : created.needs()) {
      Optional<String> lack = family.lacks(capability, model);
      if (lack.isPresent()) {
        throw new ConfigException("model.architecture", "Cannot train gan.class = " + gan.ganClass() + " with "
            + "model.architecture = " + model.architecture() + ": " + lack.get() + ".");
      }
    }
  }

  private static void requireTakesPoints(Architecture family, ArchitectureSettings model) {
    try {
      family.generator(model, RingOfGaussians.SAMPLE_SHAPE, 0);
      family.discriminator(model, RingOfGaussians.SAMPLE_SHAPE, 1);
    } catch (ConfigException e) {
      throw new ConfigException("model.architecture", "Cannot use data.source = ring with model.architecture = "
          + model.architecture() + ": ring samples are 2-D points, not images (" + e.getMessage() + "). Set "
          + "model.architecture = mlp.");
    }
  }

  /**
   * Reads an experiment file over the defaults, under {@code overrides}.
   *
   * @param overrides {@code key=value} strings, as given to {@code --set}, value in HOCON syntax; a later one wins
   * @throws ConfigException for anything wrong in the file or the overrides, naming the key
   */
  public static ExperimentConfig load(Path file, List<String> overrides) {
    return read(SCHEMA.load(file, overrides));
  }

  /** As {@link #load}, for HOCON text rather than a file; {@code parse(c.render(), List.of())} equals {@code c}. */
  public static ExperimentConfig parse(String hoconText, List<String> overrides) {
    return read(SCHEMA.parse(hoconText, overrides));
  }

  private static ExperimentConfig read(ConfigReader in) {
    String name = in.string("experiment.name");
    long seed = in.longValue("experiment.seed");
    DataSettings data = new DataSettings(in.string("data.source"), in.string("data.split"),
        in.intValue("data.batch-size"), in.number("data.ring-radius"), in.number("data.ring-std"),
        in.number("data.holdout"));
    ArchitectureSettings model = new ArchitectureSettings(in.string("model.architecture"),
        in.intValue("model.latent-dim"), in.intValue("model.generator-width"),
        in.intValue("model.discriminator-width"), in.intList("model.generator-hidden"),
        in.intList("model.discriminator-hidden"), in.number("model.dropout"),
        in.bool("model.discriminator-batch-norm"));
    String ganClass = in.string("gan.class");
    String block = GanSettings.blockPath(ganClass);
    for (String other : in.openBlocks("gan")) {
      if (!other.equals(block)) {
        throw new ConfigException(other, "Cannot load the experiment: " + other + " is set but gan.class = "
            + ganClass + " reads only " + block + ". Remove it, or set gan.class to the GAN it belongs to.");
      }
    }
    GanSettings gan = new GanSettings(ganClass, in.intValue("gan.n-dis"), in.openBlock(block));
    ScheduleSettings train = new ScheduleSettings(in.longValue("train.steps"),
        in.enumValue("train.lr-decay", LearningRateDecay.class), in.number("train.ema-decay"),
        in.longValue("train.ema-start"), in.longValue("train.sample-every"), in.longValue("train.log-every"));
    RoundSettings rounds = new RoundSettings(in.intValue("train.workers"), in.intValue("train.average-every"),
        in.longValue("train.checkpoint-every"), in.intValue("train.keep-checkpoints.last"),
        in.longValue("train.keep-checkpoints.every"));
    return new ExperimentConfig(name, seed, data, model, gan, readOptimizer(in, GENERATOR_OPTIMIZER),
        readOptimizer(in, DISCRIMINATOR_OPTIMIZER), train, rounds);
  }

  private static OptimizerSettings readOptimizer(ConfigReader in, String prefix) {
    return new OptimizerSettings(in.enumValue(prefix + ".type", OptimizerSettings.Type.class),
        in.number(prefix + ".lr"), in.number(prefix + ".beta1"), in.number(prefix + ".beta2"),
        in.number(prefix + ".alpha"), in.number(prefix + ".momentum"), in.number(prefix + ".eps"), prefix);
  }

  private static OptimizerSettings atKey(OptimizerSettings o, String prefix) {
    return prefix.equals(o.keyPrefix()) ? o : new OptimizerSettings(o.type(), o.learningRate(), o.beta1(), o.beta2(),
        o.alpha(), o.momentum(), o.epsilon(), prefix);
  }

  /** Every key of the experiment, defaulted or not, with its effective value. */
  @Override
  public SortedMap<String, String> provenance() {
    SortedMap<String, String> values = new TreeMap<>();
    values.put("experiment.name", name);
    values.put("experiment.seed", Long.toString(seed));
    values.putAll(data.provenance());
    values.putAll(model.provenance());
    values.putAll(gan.provenance());
    putOptimizer(values, generatorOptimizer);
    putOptimizer(values, discriminatorOptimizer);
    values.putAll(train.provenance());
    values.putAll(rounds.provenance());
    return Collections.unmodifiableSortedMap(values);
  }

  /** {@link OptimizerSettings} is not {@link Provenanced} because only its position here gives it keys. */
  private static void putOptimizer(Map<String, String> values, OptimizerSettings o) {
    String prefix = o.keyPrefix() + ".";
    values.put(prefix + "type", CommandLine.optionName(o.type()));
    values.put(prefix + "lr", Double.toString(o.learningRate()));
    values.put(prefix + "beta1", Double.toString(o.beta1()));
    values.put(prefix + "beta2", Double.toString(o.beta2()));
    values.put(prefix + "alpha", Double.toString(o.alpha()));
    values.put(prefix + "momentum", Double.toString(o.momentum()));
    values.put(prefix + "eps", Double.toString(o.epsilon()));
  }

  /**
   * The effective settings as canonical HOCON: every key, sorted, one {@code key = value} per line, numbers as Java
   * prints them. Key order, comments and whether a value was spelled out or defaulted leave no trace, so equal
   * settings give equal text. Parsing it gives this config back.
   */
  public String render() {
    return SCHEMA.render(provenance());
  }

  /** Lower-case hex SHA-256 of {@link #render()} (UTF-8): the config hash that runs and metrics record. */
  public String sha256() {
    return Sha256.hex(render().getBytes(StandardCharsets.UTF_8));
  }
}
