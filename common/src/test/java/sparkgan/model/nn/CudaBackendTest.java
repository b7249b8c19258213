package sparkgan.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which GPUs the CUDA backend accepts, and reading them from nvidia-smi (played by a script: no GPU here). Its cubins
 * span compute capability 3.7 to 8.6 without PTX; by NVIDIA's binary compatibility a cubin for X.y runs on X.z with
 * z >= y, so the known answers are: every 3.7 to 8.x device runs (8.9 on the 8.6 code), 9.0 and newer do not (no
 * cubin of their major version, no PTX to compile), nor do devices below 3.7.
 */
class CudaBackendTest {
  @TempDir
  Path dir;

  @Test
  void runsOnTheGpusOfItsRange() {
    for (Gpu gpu : new Gpu[] {
        new Gpu(0, "Tesla K80", 3, 7), new Gpu(0, "Tesla P100-PCIE-16GB", 6, 0),
        new Gpu(0, "Tesla V100-SXM2-16GB", 7, 0), new Gpu(1, "Tesla T4", 7, 5),
        new Gpu(2, "NVIDIA A100-SXM4-40GB", 8, 0), new Gpu(3, "NVIDIA A10", 8, 6),
        new Gpu(0, "NVIDIA L4", 8, 9), new Gpu(0, "NVIDIA L40S", 8, 9)}) {
      assertTrue(CudaBackend.runsOn(gpu), gpu.toString());
      CudaBackend.checkRunsOn(gpu);
    }
  }

  @Test
  void refusesHopperAndNewerNamingTheGpuAndTheRange() {
    UnsupportedGpuException e = assertThrows(UnsupportedGpuException.class,
        () -> CudaBackend.checkRunsOn(new Gpu(0, "NVIDIA H100 80GB HBM3", 9, 0)));
    assertEquals("Cannot train on GPU 0 (NVIDIA H100 80GB HBM3, compute capability 9.0): the CUDA backend "
        + "nd4j-cuda-11.6 1.0.0-M2.1 carries machine code for compute capability 3.7 to 8.6 and no PTX, so it runs "
        + "on V100, T4, A10, A100, L4 and L40S-class GPUs, not on H100 or newer.", e.getMessage());

    assertFalse(CudaBackend.runsOn(new Gpu(1, "NVIDIA B200", 10, 0)));
    assertFalse(CudaBackend.runsOn(new Gpu(1, "NVIDIA GeForce RTX 5090", 12, 0)));
  }

  @Test
  void refusesGpusBelowItsRange() {
    UnsupportedGpuException e = assertThrows(UnsupportedGpuException.class,
        () -> CudaBackend.checkRunsOn(new Gpu(3, "Tesla K40m", 3, 5)));
    assertTrue(e.getMessage().startsWith("Cannot train on GPU 3 (Tesla K40m, compute capability 3.5): the CUDA "
        + "backend nd4j-cuda-11.6 1.0.0-M2.1 carries machine code for compute capability 3.7 to 8.6"), e.getMessage());
    assertTrue(e.getMessage().endsWith("not on older GPUs such as the K40 (3.5)."), e.getMessage());
    assertFalse(CudaBackend.runsOn(new Gpu(0, "GeForce GTX 680", 3, 0)));
  }

  @Test
  void readsNvidiaSmiLines() {
    assertEquals(new Gpu(0, "NVIDIA H100 80GB HBM3", 9, 0), Gpu.parse("0, NVIDIA H100 80GB HBM3, 9.0"));
    assertEquals(new Gpu(12, "Tesla V100-SXM2-16GB", 7, 0), Gpu.parse("12,Tesla V100-SXM2-16GB,7.0 "));
    assertEquals("8.9", Gpu.parse("1, NVIDIA L4, 8.9").capability());

    for (String bad : new String[] {"0, Tesla T4", "x, Tesla T4, 7.5", "0, Tesla T4, [N/A]", "", "0, A10, 8"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gpu.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("Cannot read the nvidia-smi line '" + bad + "'"), e.getMessage());
    }
  }

  @Test
  void asksNvidiaSmiForIndexNameAndComputeCapability() throws IOException {
    Path fake = script("fake-nvidia-smi", "[ \"$*\" = \"--query-gpu=index,name,compute_cap --format=csv,noheader\" ] "
        + "|| exit 3\nprintf '0, Tesla T4, 7.5\\n1, NVIDIA H100 80GB HBM3, 9.0\\n'\n");
    List<String> argv = List.of(fake.toString(), GpuQuery.NVIDIA_SMI.get(1), GpuQuery.NVIDIA_SMI.get(2));

    assertEquals(List.of(new Gpu(0, "Tesla T4", 7, 5), new Gpu(1, "NVIDIA H100 80GB HBM3", 9, 0)),
        new NvidiaSmi(argv).gpus());
  }

  @Test
  void aFailingNvidiaSmiIsReportedWithItsOutput() throws IOException {
    Path old = script("old-nvidia-smi", "echo 'Field \"compute_cap\" is not a valid field to query.'\nexit 2\n");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new NvidiaSmi(List.of(old.toString())).gpus());
    assertTrue(e.getMessage().endsWith("failed (exit 2): Field \"compute_cap\" is not a valid field to query."),
        e.getMessage());

    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> new NvidiaSmi(List.of(dir.resolve("absent").toString())).gpus());
    assertTrue(missing.getMessage().contains("nvidia-smi on the executors' PATH"), missing.getMessage());
  }

  private Path script(String name, String body) throws IOException {
    Path file = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
