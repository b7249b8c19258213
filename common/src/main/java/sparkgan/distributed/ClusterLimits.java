package sparkgan.distributed;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.network.util.JavaUtils;

/**
 * Checks, before the first round, that the cluster can run one: enough task slots for every worker at once (a
 * round is synchronous, so a worker that waits for a slot stalls all the others), and serializer and result limits
 * large enough for a training state, so that a run does not fail hours in with a Kryo buffer overflow.
 */
public final class ClusterLimits {
  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?])?");
  /** Headroom over the raw state bytes for serialization framing. */
  private static final long MARGIN_BYTES = 1 << 20;
  private static final long KRYO_MAX_MB = 2047;

  private ClusterLimits() {}

  /**
   * Fails unless {@code workers} tasks can run at once. In local mode the slots come from the master string;
   * on a cluster, executors register after the context starts, so this waits up to {@code waitMillis} for enough of
   * them before giving up.
   */
  public static void requireSlots(SparkContext sc, int workers, long waitMillis) throws InterruptedException {
    int taskCpus = sc.getConf().getInt("spark.task.cpus", 1);
    Matcher local = LOCAL.matcher(sc.master());
    int slots;
    String where;
    if (local.matches()) {
      String threads = local.group(1);
      int cores = threads == null ? 1 : threads.equals("*") ? Runtime.getRuntime().availableProcessors()
          : Integer.parseInt(threads);
      slots = cores / taskCpus;
      where = "local Spark runs " + cores + " task thread(s) (" + sc.master() + ")";
    } else {
      long deadline = System.currentTimeMillis() + waitMillis;
      slots = clusterSlots(sc, taskCpus);
      while (slots < workers && System.currentTimeMillis() < deadline) {
        Thread.sleep(250);
        slots = clusterSlots(sc, taskCpus);
      }
      where = "the cluster's " + (sc.statusTracker().getExecutorInfos().length - 1) + " executor(s) have "
          + sc.defaultParallelism() + " core(s)";
    }
    if (workers > slots) {
      throw new IllegalStateException(String.format(Locale.ROOT, "Cannot train with train.workers = %d: %s, so at "
          + "most %d task(s) of spark.task.cpus = %d run at once, and a round needs all workers at the same time. "
          + "Lower train.workers to %d or add executors.", workers, where, slots, taskCpus, Math.max(1, slots)));
    }
  }

  private static int clusterSlots(SparkContext sc, int taskCpus) {
    int executors = sc.statusTracker().getExecutorInfos().length - 1; // the list includes the driver
    // defaultParallelism is the registered executors' total cores, but never below 2; with no executors there are none.
    return executors <= 0 ? 0 : sc.defaultParallelism() / taskCpus;
  }

  /**
   * Fails unless a state of {@code stateBytes} fits the serializer and result limits: Kryo's output buffer
   * ({@code spark.kryoserializer.buffer.max}) holds one whole state, and the driver accepts {@code workers} of them
   * per round ({@code spark.driver.maxResultSize}, 0 = unlimited). Names the setting and a value that works.
   */
  public static void requireRoom(SparkConf conf, long stateBytes, int workers) {
    long needed = stateBytes + MARGIN_BYTES;
    if (conf.get("spark.serializer", "").endsWith("KryoSerializer")) {
      long kryoMax = JavaUtils.byteStringAsBytes(conf.get("spark.kryoserializer.buffer.max", "64m"));
      if (needed > kryoMax) {
        long suggestMb = Math.min(KRYO_MAX_MB, Math.max(64, 2 * needed >> 20));
        throw new IllegalStateException(String.format(Locale.ROOT, "Cannot train: a training state is %.1f MB but "
            + "spark.kryoserializer.buffer.max is %s, too small to broadcast it or return it from a task. %s",
            stateBytes / 1e6, conf.get("spark.kryoserializer.buffer.max", "64m"), needed > KRYO_MAX_MB << 20
                ? "Kryo cannot serialize more than 2047m; use a smaller model."
                : "Set --conf spark.kryoserializer.buffer.max=" + suggestMb + "m."));
      }
    }
    long maxResult = JavaUtils.byteStringAsBytes(conf.get("spark.driver.maxResultSize", "1g"));
    if (maxResult > 0 && needed * workers > maxResult) {
      throw new IllegalStateException(String.format(Locale.ROOT, "Cannot train: each round returns %d states of "
          + "%.1f MB to the driver, more than spark.driver.maxResultSize = %s. Set --conf "
          + "spark.driver.maxResultSize=%dm (or 0 for no limit).", workers, stateBytes / 1e6,
          conf.get("spark.driver.maxResultSize", "1g"), 2 * needed * workers >> 20));
    }
  }
}
