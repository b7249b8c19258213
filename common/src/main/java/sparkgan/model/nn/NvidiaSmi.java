package sparkgan.model.nn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link GpuQuery#nvidiaSmi()}: runs a command and reads its output as nvidia-smi's CSV, one GPU per line. */
final class NvidiaSmi implements GpuQuery {
  private final List<String> argv;

  /** {@link GpuQuery#NVIDIA_SMI}, or in tests a script that plays nvidia-smi. */
  NvidiaSmi(List<String> argv) {
    this.argv = List.copyOf(argv);
  }

  @Override
  public List<Gpu> gpus() {
    String command = String.join(" ", argv);
    try {
      Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("'" + command + "' did not finish within 60 s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("'" + command + "' failed (exit " + process.exitValue() + "): "
            + output.strip());
      }
      return output.lines().filter(line -> !line.isBlank()).map(Gpu::parse).toList();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run '" + command + "': " + e.getMessage()
          + ". The CUDA backend needs the NVIDIA driver and its nvidia-smi on the executors' PATH.", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running '" + command + "'", e);
    }
  }
}
