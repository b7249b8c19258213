package sparkgan.it;

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
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkgan.LocalSpark;
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
    int masterPort = freePort();
    String master = "spark://127.0.0.1:" + masterPort;
    Path sparkHome = fakeSparkHome();
    Path masterLog = dir.resolve("master.log");
    Path workerLog = dir.resolve("worker.log");
    daemons.add(daemon(sparkHome, masterLog, "org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(freePort())));
    awaitPort(masterPort, masterLog);
    daemons.add(daemon(sparkHome, workerLog, "org.apache.spark.deploy.worker.Worker", master,
        "--host", "127.0.0.1", "--cores", "2", "--memory", "3g", "--webui-port", Integer.toString(freePort()),
        "--work-dir", dir.resolve("work").toString()));
    awaitLine(workerLog, "Successfully registered with master");

    Path output = dir.resolve("fashion");
    Launch.Outcome run = Launch.script(dir, Map.of("SPARK_LOCAL_IP", "127.0.0.1", "SPARKGAN_DRIVER_MEMORY", "1g"),
        "standalone.sh", "--master", master, "--executor-memory", "2g",
        "ingest", "--format", "idx", "--input", Launch.projectDir().resolve("notebooks-data/fashion-mnist").toString(),
        "--output", output.toString());
    assertEquals(0, run.exitCode(), run.output() + "\n--- worker log ---\n" + Files.readString(workerLog));
    assertTrue(run.output().contains("ingested 10000 images"), run.output());
    assertTrue(Files.readString(workerLog).contains("Asked to launch executor"), "the work ran in executors the worker forked");

    DatasetManifest manifest = ImageDataset.open(spark, output.toString()).manifest();
    assertEquals(10_000, manifest.rows());
    assertEquals(1000, manifest.count("test", 3));
    assertEquals(10_000, spark.read().parquet(output.toString()).where("split = 'test'").count());
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
