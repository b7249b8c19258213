package sparkgan.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkgan.LocalSpark;
import sparkgan.SparkGanActions;
import sparkgan.ingest.DatasetFormat;
import sparkgan.ingest.IngestConfig;
import sparkgan.ingest.SourceFixtures;
import sparkgan.table.IfExists;
import sparkgan.table.DatasetManifest;
import sparkgan.table.ImageDataset;

/**
 * A real Spark standalone cluster, master and worker as separate JVMs started from the project's own classpath
 * (no Spark installation), and the ingest job submitted to it through submit/standalone.sh. The executors are JVMs
 * the worker forks: they get their flags from conf/spark-defaults.conf, as on a real cluster.
 */
@LocalSpark
class StandaloneClusterIT {
  private static final long START_SECONDS = 90;

  @TempDir
  Path dir;

  private final List<Process> daemons = new ArrayList<>();

  @AfterEach
  void stopCluster() throws InterruptedException {
    for (Process daemon : daemons) {
      daemon.descendants().forEach(ProcessHandle::destroy);
      daemon.destroy();
      if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
        daemon.destroyForcibly();
      }
    }
  }

  @Test
  void ingestRunsOnAStandaloneClusterOfSeparateJvms(SparkSession spark) throws Exception {
    String master = startCluster(1, 2);
    Path output = dir.resolve("fashion");
    Launch.Outcome run = Launch.script(dir, Map.of("SPARK_LOCAL_IP", "127.0.0.1", "SPARKGAN_DRIVER_MEMORY", "1g"),
        "standalone.sh", "--master", master, "--executor-memory", "2g",
        "ingest", "--format", "idx", "--input", Launch.projectDir().resolve("notebooks-data/fashion-mnist").toString(),
        "--output", output.toString());
    assertEquals(0, run.exitCode(), run.output() + "\n--- worker log ---\n" + Files.readString(dir.resolve("worker-0.log")));
    assertTrue(run.output().contains("ingested 10000 images"), run.output());
    assertTrue(Files.readString(dir.resolve("worker-0.log")).contains("Asked to launch executor"),
        "the work ran in executors the worker forked");

    DatasetManifest manifest = ImageDataset.open(spark, output.toString()).manifest();
    assertEquals(10_000, manifest.rows());
    assertEquals(1000, manifest.count("test", 3));
    assertEquals(10_000, spark.read().parquet(output.toString()).where("split = 'test'").count());
  }

  /**
   * The train job on a cluster of two one-core workers, two data-parallel workers, through submit/standalone.sh:
   * a clean run; a run in which one executor JVM is killed mid-round (Spark recomputes the lost task and, from the
   * Parquet table, the lost shard); and a run whose driver is killed with SIGKILL after a checkpoint and then
   * resumed. All three end with the same state.bin bytes and the same metric rows.
   */
  @Test
  void trainingSurvivesALostExecutorAndAKilledDriverWithTheSameBits(SparkSession spark) throws Exception {
    String master = startCluster(2, 1);
    Path dataset = dir.resolve("images");
    smallDataset(spark, dataset);
    Path runs = dir.resolve("runs");

    Launch.Outcome clean = train(master, dataset, runs, "clean").await();
    assertEquals(0, clean.exitCode(), clean.output());
    assertTrue(clean.output().contains("throughput_img_s="), clean.output());
    assertTrue(clean.output().contains("checkpoint=") && clean.output().contains("step=" + STEPS), clean.output());

    Launch.Running lostExecutor = train(master, dataset, runs, "lost-executor");
    awaitOutput(lostExecutor, "step 20/");
    ProcessHandle executor = daemons.get(2).descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).findFirst()
        .orElseThrow(() -> new AssertionError("no executor JVM under worker 1"));
    executor.destroyForcibly(); // SIGKILL, mid-run
    Launch.Outcome recovered = lostExecutor.await();
    assertEquals(0, recovered.exitCode(), recovered.output());
    assertTrue(recovered.output().contains("Lost executor"), "Spark noticed the lost executor:\n" + recovered.output());

    Launch.Running killed = train(master, dataset, runs, "killed-driver");
    Path marker = runs.resolve("tiny/killed-driver/checkpoints/step=20/_COMPLETE");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (!Files.exists(marker) && killed.process().isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(Files.exists(marker), killed.output());
    killed.process().destroyForcibly(); // kill -9 of the driver
    killed.process().waitFor();
    Launch.Outcome resumed = train(master, dataset, runs, "killed-driver", "--resume").await();
    assertEquals(0, resumed.exitCode(), resumed.output());
    assertTrue(resumed.output().contains("Resuming "), resumed.output());

    byte[] expected = Files.readAllBytes(runs.resolve("tiny/clean/checkpoints/step=" + STEPS + "/state.bin"));
    for (String trial : List.of("lost-executor", "killed-driver")) {
      assertArrayEquals(expected, Files.readAllBytes(runs.resolve("tiny/" + trial + "/checkpoints/step=" + STEPS
          + "/state.bin")), trial);
      assertEquals(stepRows(spark, runs.resolve("tiny/clean")), stepRows(spark, runs.resolve("tiny/" + trial)), trial);
    }
  }

  private static final int STEPS = 60;

  private Launch.Running train(String master, Path dataset, Path runs, String trial, String... more)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("--master", master, "--executor-memory", "1g",
        "--conf", "spark.task.maxFailures=4", "train",
        "--config", Launch.projectDir().resolve("conf/experiments/dcgan-fashion-mnist.conf").toString(),
        "--set", "experiment.name=tiny", "--set", "data.source=\"" + dataset + "\"", "--set", "data.split=test",
        "--set", "data.batch-size=16", "--set", "model.latent-dim=16", "--set", "model.generator-width=8",
        "--set", "model.discriminator-width=8", "--set", "train.steps=" + STEPS, "--set", "train.workers=2",
        "--set", "train.average-every=5", "--set", "train.checkpoint-every=10", "--set", "train.log-every=5",
        "--set", "train.sample-every=20", "--set", "train.ema-decay=0.9",
        "--output", runs.toString(), "--trial-id", trial));
    args.addAll(List.of(more));
    return Launch.start(dir, Map.of("SPARK_LOCAL_IP", "127.0.0.1", "SPARKGAN_DRIVER_MEMORY", "1g"),
        "standalone.sh", args.toArray(String[]::new));
  }

  /** 300 random 28x28 grey images, ingested in this JVM (the cluster's part is training). */
  private void smallDataset(SparkSession spark, Path output) throws IOException {
    Path input = Files.createDirectories(dir.resolve("idx"));
    SourceFixtures.writeIdxImages(input.resolve("t10k-images-idx3-ubyte"), SourceFixtures.randomImages(300, 784, 3),
        28, 28);
    SourceFixtures.writeIdxLabels(input.resolve("t10k-labels-idx1-ubyte"), SourceFixtures.labels(300, 10, 3));
    SparkGanActions.get(spark).ingest(new IngestConfig(DatasetFormat.IDX, input.toString(), output.toString(),
        OptionalInt.empty(), OptionalInt.empty(), IfExists.FAIL, IngestConfig.RejectPolicy.COLLECT)).execute();
  }

  private static void awaitOutput(Launch.Running running, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (!running.output().contains(text)) {
      if (!running.process().isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("No '" + text + "' in the output:\n" + running.output());
      }
      Thread.sleep(100);
    }
  }

  private static List<String> stepRows(SparkSession spark, Path trial) {
    return spark.read().parquet(trial.resolve("metrics/steps").toString()).collectAsList().stream()
        .map(row -> row.getLong(0) + "/" + row.getInt(1) + "/" + row.getString(2) + "="
            + Double.doubleToLongBits(row.getDouble(3)))
        .sorted().toList();
  }

  /** Starts a master and {@code workers} worker JVMs of {@code cores} cores each; returns the master URL. */
  private String startCluster(int workers, int cores) throws Exception {
    int masterPort = freePort();
    String master = "spark://127.0.0.1:" + masterPort;
    Path sparkHome = fakeSparkHome();
    Path masterLog = dir.resolve("master.log");
    daemons.add(daemon(sparkHome, masterLog, "org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(freePort())));
    awaitPort(masterPort, masterLog);
    for (int i = 0; i < workers; i++) {
      Path workerLog = dir.resolve("worker-" + i + ".log");
      daemons.add(daemon(sparkHome, workerLog, "org.apache.spark.deploy.worker.Worker", master,
          "--host", "127.0.0.1", "--cores", Integer.toString(cores), "--memory", "3g",
          "--webui-port", Integer.toString(freePort()), "--work-dir", dir.resolve("work-" + i).toString()));
      awaitLine(workerLog, "Successfully registered with master");
    }
    return master;
  }

  /**
   * A SPARK_HOME whose jars/ links the project's Spark classpath: the worker builds its executors' classpath from
   * it, exactly as from an installation's jars folder.
   */
  private Path fakeSparkHome() throws IOException {
    Path home = dir.resolve("spark-home");
    Path jars = Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(home.resolve("conf"));
    for (String jar : sparkClasspath()) {
      Path source = Path.of(jar);
      Path link = jars.resolve(source.getFileName());
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, source);
      }
    }
    return home;
  }

  private static List<String> sparkClasspath() throws IOException {
    Path file = Launch.projectDir().resolve("jobs/target/spark-classpath.txt");
    return Arrays.asList(Files.readString(file).trim().split(File.pathSeparator));
  }

  private Process daemon(Path sparkHome, Path log, String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(Arrays.asList(jvmOptions().split("\\s+")));
    // No log4j configuration: Spark's built-in one logs INFO, which the waits below read.
    command.addAll(List.of("-Xmx512m", "-cp", String.join(File.pathSeparator, sparkClasspath()), mainClass));
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SPARK_HOME", sparkHome.toString());
    builder.environment().put("SPARK_SCALA_VERSION", "2.12");
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return builder.start();
  }

  /** The JVM flags of conf/spark-defaults.conf: the same ones spark-submit gives drivers and executors. */
  private static String jvmOptions() throws IOException {
    Properties defaults = new Properties();
    try (InputStream in = Files.newInputStream(Launch.projectDir().resolve("conf/spark-defaults.conf"))) {
      defaults.load(in);
    }
    return defaults.getProperty("spark.driver.extraJavaOptions").trim();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void awaitPort(int port, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(250);
      }
    }
    throw new AssertionError("The master did not open port " + port + ":\n" + Files.readString(log));
  }

  private static void awaitLine(Path log, String line) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(line)) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("No '" + line + "' in " + log + ":\n" + Files.readString(log));
  }
}
