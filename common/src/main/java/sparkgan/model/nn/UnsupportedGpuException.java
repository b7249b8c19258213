package sparkgan.model.nn;

/**
 * A GPU the CUDA backend cannot run on. Thrown on an executor before any work; the message names the GPU, its
 * compute capability and the supported range.
 */
public final class UnsupportedGpuException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public UnsupportedGpuException(String message) {
    super(message);
  }
}
