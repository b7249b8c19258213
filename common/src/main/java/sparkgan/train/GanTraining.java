package sparkgan.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import sparkgan.config.ConfigException;
import sparkgan.model.ArchitectureSettings;
import sparkgan.model.Architectures;
import sparkgan.model.Gan;
import sparkgan.model.GanRegistry;
import sparkgan.model.GanSettings;
import sparkgan.model.StepContext;
import sparkgan.model.StepMetrics;
import sparkgan.model.nn.Mode;
import sparkgan.model.nn.NativeMemory;
import sparkgan.model.nn.Network;
import sparkgan.model.nn.Rng;
import sparkgan.model.optim.ExponentialMovingAverage;
import sparkgan.model.optim.Optimizer;
import sparkgan.model.optim.OptimizerSettings;

/**
 * One GAN in training on one machine: both networks, their optimizers, the EMA of G, the random generator and the
 * step counter, and the loop step around {@link Gan#trainStep}. Its whole state is available as named arrays
 * ({@link #state()}), which is how it is checkpointed, restored and averaged across Spark executors.
 */
public final class GanTraining implements StepContext {
  /** State names that are per-machine and never averaged: each executor draws its own random numbers. */
  public static final String RNG_STATE = "rng";
  public static final String STEP = "step";

  private final Gan gan;
  private final GanSettings ganSettings;
  private final ScheduleSettings schedule;
  private final RealData data;
  private final int batchSize;
  private final Network generator;
  private final Network discriminator;
  private final Optimizer generatorOptimizer;
  private final Optimizer discriminatorOptimizer;
  private final double generatorLearningRate;
  private final double discriminatorLearningRate;
  private final ExponentialMovingAverage ema;
  private final Rng rng;
  private final long latentDim;
  private long step;

  /** The parts of an experiment a training needs; built from an experiment config, or directly in tests. */
  public record Setup(long seed, DataType precision, int batchSize, ArchitectureSettings model, GanSettings gan,
      OptimizerSettings generatorOptimizer, OptimizerSettings discriminatorOptimizer, ScheduleSettings schedule) {

    /** Float32 training as an experiment configures it. */
    public static Setup of(ExperimentConfig config) {
      return new Setup(config.seed(), DataType.FLOAT, config.data().batchSize(), config.model(), config.gan(),
          config.generatorOptimizer(), config.discriminatorOptimizer(), config.train());
    }
  }

  public GanTraining(Setup setup, RealData data) {
    this.rng = new Rng(setup.seed());
    this.data = data;
    this.batchSize = setup.batchSize();
    this.ganSettings = setup.gan();
    this.schedule = setup.schedule();
    this.gan = GanRegistry.create(setup.gan());
    this.latentDim = setup.model().latentDim();
    long[] shape = data.sampleShape();
    this.generator = Architectures.generator(setup.model(), shape, setup.precision(), rng);
    this.discriminator = Architectures.discriminator(setup.model(), shape, setup.precision(), rng);
    if (setup.gan().featureMatchingLayer() >= discriminator.layers().size()) {
      throw new ConfigException("gan.feature-matching-layer", "gan.feature-matching-layer must be < "
          + discriminator.layers().size() + " (the discriminator's layers), got " + setup.gan().featureMatchingLayer());
    }
    this.generatorOptimizer = Optimizer.create(setup.generatorOptimizer(), generator);
    this.discriminatorOptimizer = Optimizer.create(setup.discriminatorOptimizer(), discriminator);
    this.generatorLearningRate = setup.generatorOptimizer().learningRate();
    this.discriminatorLearningRate = setup.discriminatorOptimizer().learningRate();
    this.ema = setup.schedule().emaDecay() > 0
        ? new ExponentialMovingAverage(generator,
            Architectures.generator(setup.model(), shape, setup.precision(), new Rng(setup.seed())),
            setup.schedule().emaDecay())
        : null;
  }

  /** Runs one generator step (with its discriminator steps) and returns its metrics. */
  public StepMetrics trainStep() {
    double factor = schedule.learningRateFactor(step);
    generatorOptimizer.setLearningRate(generatorLearningRate * factor);
    discriminatorOptimizer.setLearningRate(discriminatorLearningRate * factor);
    StepMetrics metrics;
    try (MemoryWorkspace stepArrays = NativeMemory.stepWorkspace()) {
      metrics = gan.trainStep(this);
    }
    NativeMemory.relieve();
    step++;
    if (ema != null) {
      if (step <= schedule.emaStart()) {
        ema.average().parameters().assign(generator.parameters());
        ema.average().buffers().assign(generator.buffers());
      } else {
        ema.update();
      }
    }
    return metrics;
  }

  /** Generates samples from {@code z} with the network used for sampling (the EMA when on), in evaluation mode. */
  public INDArray sample(INDArray z) {
    Network sampler = ema != null ? ema.average() : generator;
    return sampler.forward(z.castTo(sampler.dataType()), Mode.EVAL, rng).output();
  }

  /**
   * Every array of the training state, by name, as live views: assigning into them changes the training.
   * Names: {@code generator/parameters}, {@code generator/buffers}, {@code generator/optimizer/<name>}, the same for
   * the discriminator, {@code generator_ema/...} when the EMA is on, {@value #STEP} and {@value #RNG_STATE} (LONG).
   */
  public Map<String, INDArray> state() {
    Map<String, INDArray> state = new LinkedHashMap<>();
    putNetwork(state, "generator", generator, generatorOptimizer);
    putNetwork(state, "discriminator", discriminator, discriminatorOptimizer);
    if (ema != null) {
      state.put("generator_ema/parameters", ema.average().parameters());
      state.put("generator_ema/buffers", ema.average().buffers());
    }
    state.put(STEP, Nd4j.scalar(DataType.LONG, step).reshape(1));
    state.put(RNG_STATE, Nd4j.scalar(DataType.LONG, rng.state()).reshape(1));
    return state;
  }

  private static void putNetwork(Map<String, INDArray> state, String name, Network network, Optimizer optimizer) {
    state.put(name + "/parameters", network.parameters());
    state.put(name + "/buffers", network.buffers());
    optimizer.state().forEach((key, value) -> state.put(name + "/optimizer/" + key, value));
  }

  /**
   * Replaces the state with {@code values} (same names and shapes as {@link #state()}). {@value #RNG_STATE} may
   * be absent (an averaged state has none): this machine's generator then continues its own sequence.
   */
  public void restore(Map<String, INDArray> values) {
    Map<String, INDArray> live = state();
    TrainingState.requireCompatible(live, values);
    values.forEach((name, value) -> {
      if (name.equals(STEP)) {
        step = value.getLong(0);
      } else if (name.equals(RNG_STATE)) {
        rng.setState(value.getLong(0));
      } else if (!value.isEmpty()) {
        live.get(name).assign(value);
      }
    });
  }

  public long step() {
    return step;
  }

  @Override
  public Network generator() {
    return generator;
  }

  @Override
  public Network discriminator() {
    return discriminator;
  }

  @Override
  public Optimizer generatorOptimizer() {
    return generatorOptimizer;
  }

  @Override
  public Optimizer discriminatorOptimizer() {
    return discriminatorOptimizer;
  }

  @Override
  public INDArray nextRealBatch() {
    return data.next(batchSize, rng, generator.dataType());
  }

  @Override
  public INDArray latent(long n) {
    return rng.gaussian(generator.dataType(), 0, 1, n, latentDim);
  }

  @Override
  public Rng rng() {
    return rng;
  }

  @Override
  public GanSettings settings() {
    return ganSettings;
  }

  public RealData data() {
    return data;
  }
}
