package sparkgan.jobs;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import sparkgan.config.CommandLine;
import sparkgan.config.CommandLine.Option;
import sparkgan.config.ConfigException;
import sparkgan.model.ArchitectureSettings;
import sparkgan.model.GanSettings;
import sparkgan.model.nn.Rng;
import sparkgan.model.optim.OptimizerSettings;
import sparkgan.train.GanTraining;
import sparkgan.train.RealData;
import sparkgan.train.ScheduleSettings;

/**
 * {@code bench}: a benchmark, not a test. Trains the standard models on synthetic data and prints images per second
 * (real images consumed); one iteration is one G step with its D steps, each D step on a real and a fake batch. The
 * DCGAN and MLP models: one D step, non-saturating loss, Adam(2e-4, 0.5, 0.999); sngan32 is the sngan-cifar10
 * recipe: n_dis 5 (so 5 real batches an iteration), hinge loss, Adam(2e-4, 0.0, 0.9); ssgan32 the ssgan-cifar10
 * recipe: the same networks and a rotation head, n_dis 2, two more D passes an update for the rotation losses. With {@code --peer} it then
 * runs tests/bench/pytorch_gan_bench.py on the same model in the same command and prints the ratio.
 */
final class GanBenchmarkJob implements Job {
  private static final int GEMM_SIDE = 2048;
  private static final String GFLOP_PER_IMAGE = "train_gflop_per_img";
  private static final CommandLine COMMAND_LINE = new CommandLine("bench",
      "Benchmark: GAN training throughput of the engine on dcgan32, dcgan28, mlp, sngan32\n"
          + "or ssgan32 (synthetic data),\n"
          + "optionally next to the PyTorch peer (tests/bench/pytorch_gan_bench.py; /usr/bin/python3 with\n"
          + "python3-torch unless --peer-python).",
      List.of(
          Option.value("--model", "dcgan32|dcgan28|mlp|sngan32|ssgan32", "model (default dcgan32)"),
          Option.value("--batch", "N", "batch size (default 64)"),
          Option.value("--warmup", "N", "iterations before timing (default 3)"),
          Option.value("--seconds", "S", "time at least this long (default 20)"),
          Option.flag("--peer", "also run the PyTorch peer with the same settings and print the ratio"),
          Option.value("--peer-python", "PATH", "interpreter for the peer (default /usr/bin/python3)")));

  /** The benchmark models and their training recipes, as the PyTorch peer defines them. */
  enum Model {
    DCGAN32(new long[] {3, 32, 32}, new ArchitectureSettings("dcgan", 128, 128, 128, List.of(), List.of(), 0,
        true), Recipe.DCGAN),
    DCGAN28(new long[] {1, 28, 28}, new ArchitectureSettings("dcgan", 100, 128, 64, List.of(), List.of(), 0,
        true), Recipe.DCGAN),
    MLP(new long[] {1, 28, 28}, new ArchitectureSettings("mlp", 100, 1, 1, List.of(256, 512, 1024),
        List.of(512, 256), 0.3, true), Recipe.DCGAN),
    SNGAN32(new long[] {3, 32, 32}, new ArchitectureSettings("sngan", 128, 256, 128, List.of(), List.of(), 0,
        false), Recipe.SNGAN),
    SSGAN32(new long[] {3, 32, 32}, new ArchitectureSettings("sngan", 128, 256, 128, List.of(), List.of(), 0,
        false), Recipe.SSGAN);

    final long[] shape;
    final ArchitectureSettings architecture;
    final Recipe recipe;

    Model(long[] shape, ArchitectureSettings architecture, Recipe recipe) {
      this.shape = shape;
      this.architecture = architecture;
      this.recipe = recipe;
    }
  }

  /**
   * Loss, D steps per G step and Adam for both networks: DCGAN's paper, conf/experiments/sngan-cifar10.conf and
   * ssgan-cifar10.conf.
   */
  enum Recipe {
    DCGAN(GanSettings.of("non-saturating"), OptimizerSettings.adam(2e-4, 0.5, 0.999)),
    SNGAN(GanSettings.of("hinge").withDiscriminatorSteps(5), OptimizerSettings.adam(2e-4, 0.0, 0.9)),
    SSGAN(GanSettings.of("ssgan").withDiscriminatorSteps(2), OptimizerSettings.adam(2e-4, 0.0, 0.9));

    final GanSettings gan;
    final OptimizerSettings adam;

    Recipe(GanSettings gan, OptimizerSettings adam) {
      this.gan = gan;
      this.adam = adam;
    }
  }

  @Override
  public CommandLine commandLine() {
    return COMMAND_LINE;
  }

  @Override
  public Prepared prepare(CommandLine.Parsed options) {
    Model model = options.enumValue("--model", Model.class).orElse(Model.DCGAN32);
    int batch = options.intValue("--batch").orElse(64);
    int warmup = options.intValue("--warmup").orElse(3);
    int seconds = options.intValue("--seconds").orElse(20);
    if (batch < 1) {
      throw ConfigException.invalid("--batch", ">= 1", batch);
    }
    if (warmup < 0 || seconds < 1) {
      throw ConfigException.invalid(warmup < 0 ? "--warmup" : "--seconds", warmup < 0 ? ">= 0" : ">= 1",
          warmup < 0 ? warmup : seconds);
    }
    boolean peer = options.flag("--peer");
    String python = options.value("--peer-python").orElse("/usr/bin/python3");
    String name = CommandLine.optionName(model);
    return (spark, out) -> {
      double gemm = gemmGflops();
      out.printf(Locale.ROOT, "gemm_gflops=%.1f n=%d threads=%d (float32 GEMM through ND4J's BLAS: this machine's "
          + "matrix-multiply rate)%n", gemm, GEMM_SIDE, Nd4j.getEnvironment().maxThreads());
      double engine = run(model, batch, warmup, seconds, out);
      out.printf(Locale.ROOT, "model=%s engine=sparkgan batch=%d throughput_img_s=%.1f threads=%d native=%s%n", name,
          batch, engine, Nd4j.getEnvironment().maxThreads(), nativeLibrary());
      if (peer) {
        Map<String, Double> torch = runPeer(python, name, batch, warmup, seconds, out);
        Double t = torch.get(PeerBenchmark.THROUGHPUT);
        Double work = torch.get(GFLOP_PER_IMAGE);
        if (t != null) {
          out.printf(Locale.ROOT, "model=%s peer=pytorch throughput_img_s=%.1f ratio=%.2f%n", name, t, engine / t);
        }
        if (work != null) {
          // The peer counts the multiply-adds of the same networks and step (forward and backward passes).
          out.printf(Locale.ROOT, "model=%s engine=sparkgan achieved_gflops=%.1f share_of_gemm=%.2f%n", name,
              engine * work, engine * work / gemm);
        }
      }
    };
  }

  private static double run(Model model, int batch, int warmup, int seconds, PrintStream out) {
    RealData data = new FixedBatch(model.shape, batch);
    GanTraining training = new GanTraining(new GanTraining.Setup(0, DataType.FLOAT, batch, model.architecture,
        model.recipe.gan, model.recipe.adam, model.recipe.adam, new ScheduleSettings(Long.MAX_VALUE / 2,
            ScheduleSettings.LearningRateDecay.CONSTANT, 0, 0, 1, 1)), data);
    for (int i = 0; i < warmup; i++) {
      training.trainStep();
    }
    long consumed = training.consumed();
    long start = System.nanoTime();
    long iterations = 0;
    while (System.nanoTime() - start < seconds * 1_000_000_000L) {
      training.trainStep();
      iterations++;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "iterations=%d seconds=%.2f%n", iterations, elapsed);
    return (training.consumed() - consumed) / elapsed;
  }

  /** The JavaCPP variant of libnd4j in use: the onednn-avx2 build or the plain one. */
  static String nativeLibrary() {
    String extension = System.getProperty("org.bytedeco.javacpp.platform.extension");
    return extension == null ? "default(highest-ranked)" : "'" + extension + "'";
  }

  private static Map<String, Double> runPeer(String python, String model, int batch, int warmup, int seconds,
      PrintStream out) throws IOException, InterruptedException {
    return PeerBenchmark.figures(python, "pytorch_gan_bench.py", List.of("--model", model,
        "--batch", Integer.toString(batch), "--threads", Integer.toString(Runtime.getRuntime().availableProcessors()),
        "--warmup", Integer.toString(warmup), "--seconds", Integer.toString(seconds)),
        List.of(PeerBenchmark.THROUGHPUT, GFLOP_PER_IMAGE), "apt-get install python3-torch libopenblas0-openmp", out);
  }

  /**
   * The machine's float32 matrix-multiply rate as ND4J's BLAS runs it: the best of ten 2048x2048 products after
   * two untimed ones, in GFLOP/s (2 n^3 a product). The share of it a training step reaches says how close to the
   * machine's limit the engine runs.
   */
  private static double gemmGflops() {
    INDArray a = new Rng(2).uniform(DataType.FLOAT, -1, 1, GEMM_SIDE, GEMM_SIDE);
    INDArray b = new Rng(3).uniform(DataType.FLOAT, -1, 1, GEMM_SIDE, GEMM_SIDE);
    INDArray c = Nd4j.createUninitialized(DataType.FLOAT, GEMM_SIDE, GEMM_SIDE);
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 12; i++) {
      long start = System.nanoTime();
      Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (i >= 2) {
        best = Math.min(best, seconds);
      }
    }
    return 2.0 * GEMM_SIDE * GEMM_SIDE * GEMM_SIDE / best / 1e9;
  }

  /** The same synthetic real batch every time, uniform in [-1, 1]: the benchmark measures training, not data. */
  private static final class FixedBatch implements RealData {
    private final long[] shape;
    private final INDArray batch;

    FixedBatch(long[] shape, int size) {
      this.shape = shape;
      long[] batched = new long[shape.length + 1];
      batched[0] = size;
      System.arraycopy(shape, 0, batched, 1, shape.length);
      this.batch = new Rng(1).uniform(DataType.FLOAT, -1, 1, batched);
    }

    @Override
    public long[] sampleShape() {
      return shape.clone();
    }

    @Override
    public INDArray next(long consumed, int batchSize, Rng rng, DataType type) {
      return batch;
    }
  }
}
