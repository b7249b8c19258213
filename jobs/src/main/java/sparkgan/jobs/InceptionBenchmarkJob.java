package sparkgan.jobs;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.nd4j.linalg.factory.Nd4j;
import sparkgan.config.CommandLine;
import sparkgan.config.CommandLine.Option;
import sparkgan.config.ConfigException;
import sparkgan.evaluate.inception.InceptionV3;
import sparkgan.evaluate.inception.InceptionWeights;

/**
 * {@code bench-inception}: a benchmark, not a test. Images per second of the Inception-v3 feature extractor on random
 * weights and random 32x32 RGB uint8 images, end to end (TF1 resize to 299x299, network, pool_3 and logits). With
 * {@code --peer} it then runs tests/bench/pytorch_inception.py, the same blocks in PyTorch on a prepared
 * [batch, 3, 299, 299] float input (no resize), and prints the ratio.
 */
final class InceptionBenchmarkJob implements Job {
  private static final CommandLine COMMAND_LINE = new CommandLine("bench-inception",
      "Benchmark: images/s of the Inception-v3 feature extractor (random weights), optionally next to the PyTorch\n"
          + "peer (tests/bench/pytorch_inception.py; /usr/bin/python3 with python3-torch unless --peer-python).",
      List.of(
          Option.value("--batch", "N", "batch size (default 16)"),
          Option.value("--layout", "nchw|nhwc", "activation layout (default nhwc)"),
          Option.value("--warmup", "N", "batches before timing (default 2)"),
          Option.value("--seconds", "S", "time at least this long (default 20)"),
          Option.flag("--peer", "also run the PyTorch peer with the same settings and print the ratio"),
          Option.value("--peer-python", "PATH", "interpreter for the peer (default /usr/bin/python3)")));

  @Override
  public CommandLine commandLine() {
    return COMMAND_LINE;
  }

  @Override
  public Prepared prepare(CommandLine.Parsed options) {
    int batch = options.intValue("--batch").orElse(16);
    InceptionV3.Layout layout = options.enumValue("--layout", InceptionV3.Layout.class)
        .orElse(InceptionV3.Layout.NHWC);
    int warmup = options.intValue("--warmup").orElse(2);
    int seconds = options.intValue("--seconds").orElse(20);
    if (batch < 1) {
      throw ConfigException.invalid("--batch", ">= 1", batch);
    }
    if (warmup < 0) {
      throw ConfigException.invalid("--warmup", ">= 0", warmup);
    }
    if (seconds < 1) {
      throw ConfigException.invalid("--seconds", ">= 1", seconds);
    }
    boolean peer = options.flag("--peer");
    String python = options.value("--peer-python").orElse("/usr/bin/python3");
    return (spark, out) -> {
      double engine = run(batch, layout, warmup, seconds, out);
      out.printf(Locale.ROOT, "model=inception-v3 engine=sparkgan layout=%s batch=%d throughput_img_s=%.2f threads=%d "
          + "native=%s%n", CommandLine.optionName(layout), batch, engine, Nd4j.getEnvironment().maxThreads(),
          GanBenchmarkJob.nativeLibrary());
      if (peer) {
        String threads = Integer.toString(Runtime.getRuntime().availableProcessors());
        OptionalDouble torch = PeerBenchmark.run(python, "pytorch_inception.py", List.of("bench",
            "--batch", Integer.toString(batch), "--threads", threads, "--warmup", Integer.toString(warmup), "--seconds", Integer.toString(seconds)),
            "apt-get install python3-torch python3-numpy", out);
        torch.ifPresent(t -> out.printf(Locale.ROOT, "model=inception-v3 peer=pytorch throughput_img_s=%.2f "
            + "ratio=%.2f%n", t, engine / t));
      }
    };
  }

  private static double run(int batch, InceptionV3.Layout layout, int warmup, int seconds, PrintStream out) {
    InceptionV3 network = new InceptionV3(InceptionWeights.random(1), layout);
    SplittableRandom random = new SplittableRandom(2);
    byte[][] images = new byte[batch][32 * 32 * 3];
    for (byte[] image : images) {
      random.nextBytes(image);
    }
    for (int i = 0; i < warmup; i++) {
      network.run(images, 32, 32, 3);
    }
    long start = System.nanoTime();
    long batches = 0;
    while (System.nanoTime() - start < seconds * 1_000_000_000L) {
      network.run(images, 32, 32, 3);
      batches++;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "batches=%d seconds=%.2f%n", batches, elapsed);
    return batches * batch / elapsed;
  }
}
