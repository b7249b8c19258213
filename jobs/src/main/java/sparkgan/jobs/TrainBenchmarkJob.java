package sparkgan.jobs;

import java.util.ArrayList;
import java.util.List;
import sparkgan.config.CommandLine;
import sparkgan.config.CommandLine.Option;
import sparkgan.config.ConfigException;
import sparkgan.distributed.TrainBenchmark;

/**
 * {@code bench-train}: a benchmark, not a test. Data-parallel training throughput on the cluster it is submitted to
 * (submit/bench-train.sh starts a local standalone cluster of two one-core workers) against single-process training
 * in the driver; see {@link TrainBenchmark}.
 */
final class TrainBenchmarkJob implements Job {
  private static final CommandLine COMMAND_LINE = new CommandLine("bench-train",
      "Benchmark: data-parallel DCGAN-28 training throughput for several train.average-every values, next to\n"
          + "single-process training in the driver (run the driver with OMP_NUM_THREADS=1 for the one-thread figure).",
      List.of(
          Option.value("--workers", "N", "data-parallel workers (default 2)"),
          Option.value("--average-every", "K,K,...", "steps per round to measure (default 1,5,10)"),
          Option.value("--rounds", "N", "timed rounds per K (default 6)"),
          Option.value("--batch", "N", "batch size per worker (default 64)")));

  @Override
  public CommandLine commandLine() {
    return COMMAND_LINE;
  }

  @Override
  public java.util.Map<String, String> sparkDefaults() {
    return new TrainJob().sparkDefaults();
  }

  @Override
  public Prepared prepare(CommandLine.Parsed options) {
    int workers = options.intValue("--workers").orElse(2);
    int rounds = options.intValue("--rounds").orElse(6);
    int batch = options.intValue("--batch").orElse(64);
    List<Integer> ks = new ArrayList<>();
    for (String k : options.value("--average-every").orElse("1,5,10").split(",")) {
      try {
        ks.add(Integer.parseInt(k.trim()));
      } catch (NumberFormatException e) {
        throw ConfigException.invalid("--average-every", "comma-separated integers >= 1", k);
      }
    }
    if (workers < 1 || rounds < 1 || batch < 1 || ks.stream().anyMatch(k -> k < 1)) {
      throw new ConfigException("--workers", "Cannot run bench-train: --workers, --rounds, --batch and every "
          + "--average-every must be >= 1.");
    }
    return (spark, out) -> TrainBenchmark.run(spark.get(), workers, ks, rounds, batch, out);
  }
}
