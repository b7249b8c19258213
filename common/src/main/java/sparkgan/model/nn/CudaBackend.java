package sparkgan.model.nn;

/**
 * What the CUDA backend of {@code mvn -Pgpu package} can run on. ND4J publishes nothing newer than
 * {@code nd4j-cuda-11.6} 1.0.0-M2.1: CUDA 11 libraries, and libnd4j compiled to machine code (cubins) for compute
 * capability 3.7 to 8.6, with no PTX.
 *
 * <p>Why the rule is "3.7 up to any 8.x": without PTX the driver cannot compile kernels for a new architecture, so
 * a GPU runs only a cubin it is binary compatible with, and NVIDIA's rule is that a cubin for {@code X.y} runs on
 * devices of the same major version {@code X} with minor version {@code >= y}. An 8.9 device (Ada: L4, L40S) so
 * runs the 8.6 cubins; a 9.0 device (Hopper: H100) runs none, and the backend fails there at its first kernel
 * with an error that does not say why. This assumes the build carries a cubin for the first minor version of each
 * major version in its range (5.0, 6.0, 7.0, 8.0), as CUDA 11's list of all architectures does; no GPU was
 * available to confirm it.
 */
public final class CudaBackend {
  /** The artifact and version, as messages name it. */
  public static final String NAME = "nd4j-cuda-11.6 1.0.0-M2.1";

  private CudaBackend() {}

  /** True when the backend has machine code this GPU runs: compute capability 3.7 or more, major version 8 or less. */
  public static boolean runsOn(Gpu gpu) {
    boolean oldEnough = gpu.major() > 3 || (gpu.major() == 3 && gpu.minor() >= 7);
    return oldEnough && gpu.major() <= 8;
  }

  /** Throws {@link UnsupportedGpuException} unless {@link #runsOn} holds. */
  public static void checkRunsOn(Gpu gpu) {
    if (runsOn(gpu)) {
      return;
    }
    String excluded = gpu.major() >= 9 ? "not on H100 or newer" : "not on older GPUs such as the K40 (3.5)";
    throw new UnsupportedGpuException("Cannot train on GPU " + gpu.index() + " (" + gpu.name()
        + ", compute capability " + gpu.capability() + "): the CUDA backend " + NAME + " carries machine code for "
        + "compute capability 3.7 to 8.6 and no PTX, so it runs on V100, T4, A10, A100, L4 and L40S-class GPUs, "
        + excluded + ".");
  }
}
