package sparkgan.jobs;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import sparkgan.config.CommandLine;
import sparkgan.config.CommandLine.Option;
import sparkgan.config.ConfigException;
import sparkgan.evaluate.StatisticsFile;
import sparkgan.evaluate.metric.FeatureMatrix;
import sparkgan.evaluate.metric.FeatureStatistics;
import sparkgan.evaluate.metric.Fid;
import sparkgan.evaluate.metric.FidResult;
import sparkgan.evaluate.metric.Gaussian;
import sparkgan.model.nn.Rng;

/**
 * {@code bench-fid}: a benchmark, not a test. Times one FID between two d-dimensional Gaussians with random SPD
 * covariances (from 2d standard-normal samples each) here, then writes both as statistics files and times
 * pytorch-fid's route on them (scipy.linalg.sqrtm of Σ1Σ2, tests/bench/scipy_fid_bench.py) in the same command,
 * printing both, their ratio and the two FID values.
 */
final class FidBenchmarkJob implements Job {
  private static final CommandLine COMMAND_LINE = new CommandLine("bench-fid",
      "Benchmark: one FID of two d-dimensional statistics here and with scipy's sqrtm (as pytorch-fid), on this\n"
          + "machine in this command (/usr/bin/python3 with python3-scipy).",
      List.of(
          Option.value("--dimension", "d", "feature dimension (default 2048, Inception pool3)"),
          Option.value("--repeats", "N", "timed runs of each, the fastest is reported (default 3)")));

  @Override
  public CommandLine commandLine() {
    return COMMAND_LINE;
  }

  @Override
  public Prepared prepare(CommandLine.Parsed options) {
    int d = options.intValue("--dimension").orElse(2048);
    int repeats = options.intValue("--repeats").orElse(3);
    if (d < 1) {
      throw ConfigException.invalid("--dimension", ">= 1", d);
    }
    if (repeats < 1) {
      throw ConfigException.invalid("--repeats", ">= 1", repeats);
    }
    return (spark, out) -> {
      Gaussian first = randomGaussian(new Rng(1), d, 0);
      Gaussian second = randomGaussian(new Rng(2), d, 0.1);
      Fid.compute(first, second); // warm-up: class loading, OpenBLAS threads
      double best = Double.MAX_VALUE;
      FidResult result = null;
      for (int i = 0; i < repeats; i++) {
        long start = System.nanoTime();
        result = Fid.compute(first, second);
        best = Math.min(best, (System.nanoTime() - start) / 1e9);
      }
      double seconds = best;
      out.printf(Locale.ROOT, "dimension=%d engine=sparkgan seconds=%.3f fid=%s flags=%s%n", d, seconds,
          Double.toString(result.value()), result.flags());
      OptionalDouble scipy = runPeer(first, second, repeats, out);
      scipy.ifPresent(s -> out.printf(Locale.ROOT, "dimension=%d peer=scipy-sqrtm seconds=%.3f speedup=%.2f%n", d, s,
          s / seconds));
    };
  }

  /** The Gaussian fitted to 2d samples of N(shift·1, I): a full-rank, moderately conditioned covariance. */
  private static Gaussian randomGaussian(Rng rng, int d, double shift) {
    int n = 2 * d;
    double[] values = new double[n * d];
    for (int i = 0; i < values.length; i++) {
      values[i] = shift + rng.nextGaussian();
    }
    return new FeatureStatistics(d).add(new FeatureMatrix(n, d, values)).gaussian("random");
  }

  private static OptionalDouble runPeer(Gaussian first, Gaussian second, int repeats, PrintStream out)
      throws Exception {
    java.nio.file.Path dir = Files.createTempDirectory("bench-fid");
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path a = new Path(dir.resolve("a.npz").toString());
    Path b = new Path(dir.resolve("b.npz").toString());
    try {
      StatisticsFile.write(fs, a, first);
      StatisticsFile.write(fs, b, second);
      return PeerBenchmark.run("/usr/bin/python3", "scipy_fid_bench.py", List.of(a.toString(), b.toString(),
          "--repeats", Integer.toString(repeats)), "seconds", "apt-get install python3-scipy", out);
    } finally {
      fs.delete(new Path(dir.toString()), true /* recursive */);
    }
  }
}
