package sparkgan.model.nn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Lists the GPUs of this machine. An interface so that tests on machines without GPUs can describe some. */
@FunctionalInterface
public interface GpuQuery {
  List<Gpu> gpus();

  /** The command {@link #nvidiaSmi()} runs; its output is one {@link Gpu#parse} line per GPU. */
  List<String> NVIDIA_SMI = List.of("nvidia-smi", "--query-gpu=index,name,compute_cap", "--format=csv,noheader");

  /**
   * Runs {@link #NVIDIA_SMI}. Needs a driver recent enough to report {@code compute_cap} (the 470 series rejects the
   * field, 525 has it); the exception carries nvidia-smi's own error.
   */
  static GpuQuery nvidiaSmi() {
    return () -> {
      String command = String.join(" ", NVIDIA_SMI);
      try {
        Process process = new ProcessBuilder(NVIDIA_SMI).redirectErrorStream(true).start();
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
    };
  }
}
