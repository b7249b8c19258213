package sparkgan.model.nn;

import java.util.List;

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
    return new NvidiaSmi(NVIDIA_SMI);
  }
}
