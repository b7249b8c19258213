package sparkgan.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkgan.LocalSpark;
import sparkgan.config.ConfigException;
import sparkgan.model.nn.Backend;
import sparkgan.model.nn.Gpu;
import sparkgan.model.nn.GpuQuery;
import sparkgan.model.nn.UnsupportedGpuException;

/**
 * Binding a task to the GPU Spark assigned, on a machine without GPUs: nvidia-smi is faked (a GPU list, or a script
 * on the PATH for the discovery script), the backend's identity and ND4J's device call are passed in. Spark's local
 * mode cannot give tasks GPUs: its scheduler offers cores only, and with {@code spark.task.resource.gpu.amount} set a
 * local job waits forever (tried with Spark 3.5 and a fake discovery script). Addresses reach tasks on standalone,
 * YARN and Kubernetes executors; here they are built as Spark builds them, a {@link ResourceInformation} named "gpu".
 */
@LocalSpark
class ExecutorDeviceTest {
  private static final Gpu V100 = new Gpu(0, "Tesla V100-SXM2-16GB", 7, 0);
  private static final Gpu A100 = new Gpu(1, "NVIDIA A100-SXM4-40GB", 8, 0);
  private static final Gpu A10 = new Gpu(2, "NVIDIA A10", 8, 6);
  private static final Gpu L4 = new Gpu(3, "NVIDIA L4", 8, 9);
  private static final Gpu H100 = new Gpu(4, "NVIDIA H100 80GB HBM3", 9, 0);
  private static final Gpu K40 = new Gpu(5, "Tesla K40m", 3, 5);
  private static final GpuQuery MACHINE = () -> List.of(V100, A100, A10, L4, H100, K40);
  private static final GpuQuery NO_QUERY = () -> {
    throw new AssertionError("the CPU backend must not ask for GPUs");
  };

  @TempDir
  Path dir;

  /** ND4J's device call, recorded. */
  private final List<Integer> devices = new ArrayList<>();
  private final IntConsumer setDevice = devices::add;

  private static Map<String, ResourceInformation> assigned(String... addresses) {
    return Map.of(ExecutorDevice.RESOURCE, new ResourceInformation(ExecutorDevice.RESOURCE, addresses));
  }

  @Test
  void bindsTheGpuSparkAssigned() {
    for (Gpu gpu : List.of(V100, A100, A10, L4)) {
      devices.clear();
      assertEquals(Optional.of(gpu), ExecutorDevice.bind(assigned(String.valueOf(gpu.index())), Backend.CUDA,
          MACHINE, setDevice));
      assertEquals(List.of(gpu.index()), devices, gpu.toString());
    }
  }

  @Test
  void refusesAGpuTheBackendCannotRunBeforeBinding() {
    UnsupportedGpuException hopper = assertThrows(UnsupportedGpuException.class,
        () -> ExecutorDevice.bind(assigned("4"), Backend.CUDA, MACHINE, setDevice));
    assertTrue(hopper.getMessage().startsWith("Cannot train on GPU 4 (NVIDIA H100 80GB HBM3, compute capability "
        + "9.0): the CUDA backend nd4j-cuda-11.6 1.0.0-M2.1 carries machine code for compute capability 3.7 to 8.6 "
        + "and no PTX"), hopper.getMessage());

    UnsupportedGpuException kepler = assertThrows(UnsupportedGpuException.class,
        () -> ExecutorDevice.bind(assigned("5"), Backend.CUDA, MACHINE, setDevice));
    assertTrue(kepler.getMessage().startsWith("Cannot train on GPU 5 (Tesla K40m, compute capability 3.5)"),
        kepler.getMessage());
    assertEquals(List.of(), devices, "nothing bound");
  }

  @Test
  void withoutAnAssignedGpuEveryGpuIsCheckedAndNoneBound() {
    assertEquals(Optional.empty(), ExecutorDevice.bind(Map.of(), Backend.CUDA, () -> List.of(V100, L4), setDevice));
    assertThrows(UnsupportedGpuException.class,
        () -> ExecutorDevice.bind(Map.of(), Backend.CUDA, () -> List.of(V100, H100), setDevice));
    IllegalStateException none = assertThrows(IllegalStateException.class,
        () -> ExecutorDevice.bind(Map.of(), Backend.CUDA, List::of, setDevice));
    assertTrue(none.getMessage().contains("nvidia-smi lists no GPU"), none.getMessage());
    assertEquals(List.of(), devices);
  }

  @Test
  void anAddressNvidiaSmiDoesNotListIsRefused() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ExecutorDevice.bind(assigned("7"), Backend.CUDA, () -> List.of(V100, A100), setDevice));
    assertTrue(e.getMessage().startsWith("Spark assigned GPU address '7', but nvidia-smi lists GPUs [0, 1]"),
        e.getMessage());
    assertEquals(List.of(), devices);
  }

  @Test
  void aTaskDrivesOneGpu() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ExecutorDevice.bind(assigned("0", "1"), Backend.CUDA, MACHINE, setDevice));
    assertEquals("spark.task.resource.gpu.amount", e.key());
    assertTrue(e.getMessage().startsWith("spark.task.resource.gpu.amount must be at most 1"), e.getMessage());
    assertEquals(List.of(), devices);
  }

  @Test
  void theCpuBackendDoesNothing() {
    assertEquals(Optional.empty(), ExecutorDevice.bind(Map.of(), Backend.CPU, NO_QUERY, setDevice));
    assertEquals(Optional.empty(), ExecutorDevice.bind(assigned("0"), Backend.CPU, NO_QUERY, setDevice),
        "a GPU assigned to a CPU build: a warning, training on the CPU");
    assertEquals(List.of(), devices);
  }

  @Test
  void aLocalSparkTaskOnTheCpuBackendGetsNoGpuAndIsLeftAlone(SparkSession spark) {
    List<String> seen = new JavaSparkContext(spark.sparkContext()).parallelize(List.of(1, 2), 2).map(i -> {
      TaskContext context = TaskContext.get();
      return context.resourcesJMap().keySet() + " " + ExecutorDevice.bind(context);
    }).collect();

    assertEquals(List.of("[] Optional.empty", "[] Optional.empty"), seen);
  }

  @Test
  void theDiscoveryScriptReportsNvidiaSmiIndices() throws IOException, InterruptedException {
    Path script = LocalSpark.Extension.projectDir().resolve("conf/gpu-discovery.sh");
    assertTrue(Files.isExecutable(script), script + " must be executable");

    assertEquals("{\"name\": \"gpu\", \"addresses\": [\"0\", \"1\", \"3\"]}", discover(script, "0\n1\n3\n", 0));
    assertEquals("{\"name\": \"gpu\", \"addresses\": []}", discover(script, "", 0), "a machine without GPUs");
    assertFalse(discover(script, "", 9).startsWith("{"), "negative control: nvidia-smi failing fails the script");
  }

  /** Runs the discovery script with a fake nvidia-smi that prints {@code indices} and exits with {@code exit}. */
  private String discover(Path script, String indices, int exit) throws IOException, InterruptedException {
    Path bin = Files.createTempDirectory(dir, "bin");
    Path smi = bin.resolve("nvidia-smi");
    Files.writeString(smi, "#!/bin/sh\n[ \"$1 $2\" = \"--query-gpu=index --format=csv,noheader\" ] || exit 3\n"
        + "printf '" + indices.replace("\n", "\\n") + "'\nexit " + exit + "\n");
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder builder = new ProcessBuilder(script.toString()).redirectErrorStream(true);
    builder.environment().put("PATH", bin + ":/usr/bin:/bin");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    int code = process.waitFor();
    assertEquals(exit == 0, code == 0, output);
    return output;
  }
}
