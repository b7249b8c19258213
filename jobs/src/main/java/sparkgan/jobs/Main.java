package sparkgan.jobs;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sparkgan.config.CommandLine;
import sparkgan.config.ConfigException;
import sparkgan.model.nn.NativeBackend;

/**
 * The one entry point: {@code sparkgan-jobs.jar <job> [options]}. Exit codes: 0 success, 1 the job failed (bad
 * input data, refused commit, runtime error), 2 bad command line.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private static final Map<String, Job> JOBS = new LinkedHashMap<>();

  static {
    for (Job job : List.of(new IngestJob(), new SqlJob(), new FitLocalJob(), new TrainJob(), new TrainClassifierJob(),
        new ScoreJob(), new FidJob(), new EvaluateJob(), new StatsJob(), new ReportJob(), new GanBenchmarkJob(),
        new TrainBenchmarkJob(), new IngestBenchmarkJob(), new FidBenchmarkJob(), new InceptionBenchmarkJob(),
        new EvaluateBenchmarkJob())) {
      JOBS.put(job.commandLine().job(), job);
    }
  }

  private Main() {}

  public static void main(String[] args) {
    NativeBackend.select(); // before anything loads ND4J
    int code = run(Arrays.asList(args), System.out, System.err);
    if (code != OK) {
      System.exit(code);
    }
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
      out.print(usage());
      return args.isEmpty() ? USAGE : OK;
    }
    Job job = JOBS.get(args.get(0));
    if (job == null) {
      err.println("Unknown job '" + args.get(0) + "'. Jobs: " + String.join(", ", JOBS.keySet()) + ".");
      return USAGE;
    }
    CommandLine commandLine = job.commandLine();
    Job.Prepared prepared;
    try {
      CommandLine.Parsed options = commandLine.parse(args.subList(1, args.size()));
      if (options.helpRequested()) {
        out.print(commandLine.usage());
        return OK;
      }
      prepared = job.prepare(options);
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.println("Run '" + commandLine.job() + " --help' for the options.");
      return USAGE;
    }
    LazySpark spark = new LazySpark("sparkgan " + commandLine.job(), job.sparkDefaults());
    try {
      prepared.run(spark, out);
      return OK;
    } catch (Exception e) {
      LOG.debug("Job {} failed", commandLine.job(), e);
      err.println(commandLine.job() + " failed: " + e.getMessage());
      return FAILED;
    } finally {
      spark.stop();
    }
  }

  /** Starts the SparkSession on first use, so that jobs that do not need Spark never pay for it. */
  private static final class LazySpark implements Supplier<SparkSession> {
    private final String appName;
    private final Map<String, String> defaults;
    private SparkSession session;

    LazySpark(String appName, Map<String, String> defaults) {
      this.appName = appName;
      this.defaults = defaults;
    }

    @Override
    public synchronized SparkSession get() {
      if (session == null) {
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        SparkConf submitted = new SparkConf(); // what spark-submit passed, as system properties
        defaults.forEach((key, value) -> {
          if (!submitted.contains(key)) {
            builder.config(key, value);
          }
        });
        session = builder.getOrCreate();
      }
      return session;
    }

    synchronized void stop() {
      if (session != null) {
        session.stop();
      }
    }
  }

  private static String usage() {
    StringBuilder text = new StringBuilder("Usage: sparkgan-jobs.jar <job> [options]   (<job> --help for its options)\n\nJobs:\n");
    JOBS.values().forEach(job -> text.append("  ").append(job.commandLine().job()).append('\n'));
    return text.toString();
  }
}
