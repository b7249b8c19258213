package sparkgan.jobs;

import java.io.PrintStream;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import sparkgan.config.CommandLine;

/** One job of the command line. */
interface Job {

  /** Name and options, used for parsing and {@code --help}. */
  CommandLine commandLine();

  /**
   * Turns parsed options into a ready-to-run job, validating everything that can be checked without Spark.
   *
   * @throws sparkgan.config.ConfigException for a bad option value
   */
  Prepared prepare(CommandLine.Parsed options);

  /** Spark settings this job needs unless the user set them (spark-submit --conf or spark-defaults.conf). */
  default java.util.Map<String, String> sparkDefaults() {
    return java.util.Map.of();
  }

  /** A validated job. It asks for Spark only if it needs it: local training on the ring never starts Spark. */
  interface Prepared {
    void run(Supplier<SparkSession> spark, PrintStream out) throws Exception;
  }
}
