package sparkgan.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import sparkgan.config.ConfigException;
import sparkgan.model.ArchitectureSettings;
import sparkgan.model.Architectures;
import sparkgan.gan.GanRegistry;
import sparkgan.model.Capability;
import sparkgan.model.ExtraNetwork;
import sparkgan.model.Gan;
import sparkgan.model.GanSettings;
import sparkgan.model.LabelledBatch;
import sparkgan.model.StepContext;
import sparkgan.model.StepMetrics;
import sparkgan.model.nn.Mode;
import sparkgan.model.nn.NativeMemory;
import sparkgan.model.nn.Network;
import sparkgan.model.nn.Rng;
import sparkgan.model.optim.ExponentialMovingAverage;
import sparkgan.model.optim.Optimizer;
import sparkgan.model.optim.OptimizerSettings;
import sparkgan.table.TrainMetrics;

/**
 * One GAN in training on one worker: G, D and the GAN's extra networks ({@link Gan#extraNetworks}), their
 * optimizers, the EMA of G, the step counter and the
 * worker's position in its data, and the loop step around {@link Gan#trainStep}. Its whole state is available as
 * named arrays ({@link #state()}), which is how it is checkpointed, restored and averaged across Spark executors.
 *
 * <p>Every step draws its random numbers from a stream derived from (seed, step, worker) ({@link Rng#derived}), and
 * its real batch from the worker's position in its data, so a step is a pure function of the state it starts
 * from: training N steps, or restoring a state and training the rest, or splitting the steps into rounds, gives the
 * same bits.
 */
public final class GanTraining implements StepContext {
  public static final String STEP = "step";
  /** Real examples this worker has drawn so far: its position in its endless sequence of epochs. */
  public static final String CONSUMED = "data/consumed";
  /** Learning rates of the step, added to the GAN's metrics. */
  public static final String LR_G = "lr_g";
  public static final String LR_D = "lr_d";

  private final Gan gan;
  private final GanSettings ganSettings;
  private final ScheduleSettings schedule;
  private final RealData data;
  private final int batchSize;
  private final Network generator;
  private final Network discriminator;
  /** Every network by name, G and D first, then the extras in the GAN's order: the order of the state. */
  private final Map<String, Trained> networks = new LinkedHashMap<>();
  private final double generatorLearningRate;
  private final double discriminatorLearningRate;
  /** Classes G is conditioned on; 0 for an unconditional G. */
  private final int generatorClasses;
  private final ExponentialMovingAverage ema;
  private final long seed;
  private final int worker;
  private final Rng rng = new Rng(0);
  private final long latentDim;
  private long step;
  private long consumed;

  /** A network in training with its optimizer and the base learning rate of its side. */
  private record Trained(Network network, Optimizer optimizer, double baseLearningRate) {}

  /** The parts of an experiment a training needs; built from an experiment config, or directly in tests. */
  public record Setup(long seed, DataType precision, int batchSize, ArchitectureSettings model, GanSettings gan,
      OptimizerSettings generatorOptimizer, OptimizerSettings discriminatorOptimizer, ScheduleSettings schedule) {

    /** Float32 training as an experiment configures it. */
    public static Setup of(ExperimentConfig config) {
      return new Setup(config.seed(), DataType.FLOAT, config.data().batchSize(), config.model(), config.gan(),
          config.generatorOptimizer(), config.discriminatorOptimizer(), config.train());
    }
  }

  /** Worker 0: training in one process. */
  public GanTraining(Setup setup, RealData data) {
    this(setup, data, 0);
  }

  /**
   * A training as data-parallel worker {@code worker}. All workers start from the same weights (initialised from
   * the seed alone); only their random streams and their data differ.
   */
  public GanTraining(Setup setup, RealData data, int worker) {
    if (worker < 0) {
      throw new IllegalArgumentException("worker must be >= 0, got " + worker);
    }
    this.seed = setup.seed();
    this.worker = worker;
    Rng init = new Rng(setup.seed()); // weights depend on the seed alone: every worker starts from the same ones
    this.data = data;
    this.batchSize = setup.batchSize();
    this.ganSettings = setup.gan();
    this.schedule = setup.schedule();
    this.gan = GanRegistry.create(setup.gan());
    this.latentDim = setup.model().latentDim();
    long[] shape = data.sampleShape();
    boolean conditional = gan.needs().contains(Capability.CLASS_CONDITIONAL_GENERATOR);
    this.generatorClasses = conditional ? data.classes() : 0;
    if (conditional && data.classes() < 2) {
      throw new ConfigException("data.source", "Cannot train gan.class = " + setup.gan().ganClass() + " on data "
          + "without labels of at least 2 classes: its generator is class-conditional. Ingest a labelled dataset.");
    }
    this.generator = Architectures.generator(setup.model(), shape, generatorClasses, setup.precision(), init);
    this.discriminator = Architectures.discriminator(setup.model(), shape, gan.discriminatorOutputs(data.classes()),
        setup.precision(), init);
    gan.check(generator, discriminator);
    this.generatorLearningRate = setup.generatorOptimizer().learningRate();
    this.discriminatorLearningRate = setup.discriminatorOptimizer().learningRate();
    networks.put("generator", new Trained(generator, Optimizer.create(setup.generatorOptimizer(), generator),
        generatorLearningRate));
    networks.put("discriminator", new Trained(discriminator,
        Optimizer.create(setup.discriminatorOptimizer(), discriminator), discriminatorLearningRate));
    for (ExtraNetwork extra : gan.extraNetworks(generator, discriminator, data.classes())) {
      if (networks.containsKey(extra.name())) {
        throw new ConfigException("gan.class", "Cannot train gan.class = " + setup.gan().ganClass() + ": it names "
            + "two extra networks '" + extra.name() + "'");
      }
      Network network = Network.build(extra.name(), extra.inputShape(), extra.layers(), setup.precision(), init);
      boolean generatorSide = extra.side() == ExtraNetwork.Side.GENERATOR;
      OptimizerSettings optimizer = generatorSide ? setup.generatorOptimizer() : setup.discriminatorOptimizer();
      networks.put(extra.name(), new Trained(network, Optimizer.create(optimizer, network),
          generatorSide ? generatorLearningRate : discriminatorLearningRate));
    }
    this.ema = setup.schedule().emaDecay() > 0
        ? new ExponentialMovingAverage(generator, Architectures.generator(setup.model(), shape, generatorClasses,
            setup.precision(), new Rng(setup.seed())), setup.schedule().emaDecay())
        : null;
  }

  /** Runs one generator step (with its discriminator steps) and returns its metrics. */
  public StepMetrics trainStep() {
    double factor = schedule.learningRateFactor(step);
    networks.values().forEach(n -> n.optimizer().setLearningRate(n.baseLearningRate() * factor));
    rng.setState(Rng.derived(seed, Rng.Stream.STEP, step, worker).state());
    StepMetrics metrics;
    try (MemoryWorkspace stepArrays = NativeMemory.stepWorkspace()) {
      metrics = gan.trainStep(this);
    }
    metrics = metrics.with(LR_G, generatorLearningRate * factor).with(LR_D, discriminatorLearningRate * factor);
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

  /**
   * Runs {@code steps} generator steps and returns their metrics as rows of this worker, each numbered by the
   * count of steps done after it (the numbering of checkpoints).
   */
  public List<TrainMetrics.StepRow> trainSteps(int steps) {
    List<TrainMetrics.StepRow> rows = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      StepMetrics metrics = trainStep();
      metrics.values().forEach((name, value) -> rows.add(new TrainMetrics.StepRow(step, worker, name, value)));
    }
    return rows;
  }

  /** Generates samples from {@code z} with the network used for sampling (the EMA when on), in evaluation mode. */
  public INDArray sample(INDArray z) {
    return sample(z, null);
  }

  /**
   * As {@link #sample(INDArray)} for a class-conditional G ({@link #generatorClasses()} &gt; 0), one label per row
   * of {@code z}; {@code labels} is null for an unconditional G.
   */
  public INDArray sample(INDArray z, int[] labels) {
    Network sampler = ema != null ? ema.average() : generator;
    INDArray input = z.castTo(sampler.dataType());
    return (labels == null ? sampler.forward(input, Mode.EVAL, rng) : sampler.forward(input, labels, Mode.EVAL, rng))
        .output();
  }

  /** The number of classes G is conditioned on; 0 for an unconditional G. */
  public int generatorClasses() {
    return generatorClasses;
  }

  /**
   * Every array of the training state, by name, as live views: assigning into them changes the training.
   * Names: {@code generator/parameters}, {@code generator/buffers}, {@code generator/optimizer/<name>}, the same for
   * the discriminator and each extra network under its name, {@code generator_ema/...} when the EMA is on,
   * {@value #STEP} and {@value #CONSUMED} (LONG).
   */
  public Map<String, INDArray> state() {
    Map<String, INDArray> state = new LinkedHashMap<>();
    networks.forEach((name, trained) -> putNetwork(state, name, trained.network(), trained.optimizer()));
    if (ema != null) {
      state.put("generator_ema/parameters", ema.average().parameters());
      state.put("generator_ema/buffers", ema.average().buffers());
    }
    state.put(STEP, Nd4j.scalar(DataType.LONG, step).reshape(1));
    state.put(CONSUMED, Nd4j.scalar(DataType.LONG, consumed).reshape(1));
    return state;
  }

  private static void putNetwork(Map<String, INDArray> state, String name, Network network, Optimizer optimizer) {
    state.put(name + "/parameters", network.parameters());
    state.put(name + "/buffers", network.buffers());
    optimizer.state().forEach((key, value) -> state.put(name + "/optimizer/" + key, value));
  }

  /** Replaces the whole state with {@code values} (same names, types and shapes as {@link #state()}). */
  public void restore(Map<String, INDArray> values) {
    Map<String, INDArray> live = state();
    TrainingState.requireCompatible(live, values);
    values.forEach((name, value) -> {
      if (name.equals(STEP)) {
        step = value.getLong(0);
      } else if (name.equals(CONSUMED)) {
        consumed = value.getLong(0);
      } else if (!value.isEmpty()) {
        live.get(name).assign(value);
      }
    });
  }

  public long step() {
    return step;
  }

  /** Real examples drawn so far (all steps). */
  public long consumed() {
    return consumed;
  }

  public int worker() {
    return worker;
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
    return networks.get("generator").optimizer();
  }

  @Override
  public Optimizer discriminatorOptimizer() {
    return networks.get("discriminator").optimizer();
  }

  @Override
  public Network network(String name) {
    return trained(name).network();
  }

  @Override
  public Optimizer optimizer(String name) {
    return trained(name).optimizer();
  }

  /** Every network in training by name: G, D and the GAN's extra networks. */
  public Map<String, Network> networks() {
    Map<String, Network> all = new LinkedHashMap<>();
    networks.forEach((name, trained) -> all.put(name, trained.network()));
    return all;
  }

  private Trained trained(String name) {
    Trained trained = networks.get(name);
    if (trained == null) {
      throw new IllegalArgumentException("network must be one of " + networks.keySet() + ", got '" + name + "'");
    }
    return trained;
  }

  @Override
  public INDArray nextRealBatch() {
    INDArray batch = data.next(consumed, batchSize, rng, generator.dataType());
    consumed += batchSize;
    return batch;
  }

  @Override
  public LabelledBatch nextLabelledBatch() {
    int[] labels = data.labels(consumed, batchSize); // first: unlabelled data refuses before consuming anything
    return new LabelledBatch(nextRealBatch(), labels);
  }

  @Override
  public int classes() {
    return data.classes();
  }

  /** Whether the GAN trains a generator worth sampling ({@link Gan#generates()}). */
  public boolean generates() {
    return gan.generates();
  }

  @Override
  public INDArray latent(long n) {
    return rng.gaussian(generator.dataType(), 0, 1, n, latentDim);
  }

  @Override
  public int[] latentLabels(long n) {
    if (data.classes() < 1) {
      throw new IllegalStateException("Cannot draw labels for generated examples: the data has no labels");
    }
    int[] labels = new int[Math.toIntExact(n)];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (int) (rng.nextDouble() * data.classes());
    }
    return labels;
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
