package sparkgan.model.nn;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J backend this JVM runs, read once from {@code Nd4j.getBackend()}: which jar was built ({@code mvn package}
 * or {@code mvn -Pgpu package}) decides it, never a setting. The engine asks it before taking a CPU-only shortcut:
 * Java code may read and write array memory directly only where arrays live in host memory. With the CUDA backend
 * an array's buffer seen from Java is a host copy: asking for it ({@code data().asNioFloat()}) copies the array from
 * the GPU, and writes into it stay on the host, because ND4J is not told that the host copy is now the newer one.
 * A Java loop there would cost two transfers per call and leave its results behind on the host.
 */
public enum Backend {
  /** nd4j-native: arrays are host memory. */
  CPU,
  /** nd4j-cuda: arrays live on a GPU. */
  CUDA,
  /** Any other backend: assumed, like CUDA, to keep arrays where Java cannot read them directly. */
  OTHER;

  /** Packages of the backend classes {@code ...cpu.nativecpu.CpuBackend} and {@code ...jcublas.JCublasBackend}. */
  private static final String CPU_PACKAGE = "org.nd4j.linalg.cpu.";
  private static final String CUDA_PACKAGE = "org.nd4j.linalg.jcublas.";

  /** The loaded backend; loads ND4J (after {@link NativeBackend#select()}) on first use. */
  public static Backend current() {
    return Loaded.BACKEND;
  }

  /** The backend an {@code Nd4jBackend} class of this name belongs to. */
  static Backend of(String backendClassName) {
    if (backendClassName.startsWith(CPU_PACKAGE)) {
      return CPU;
    }
    return backendClassName.startsWith(CUDA_PACKAGE) ? CUDA : OTHER;
  }

  /** True when Java may loop over array buffers ({@code data().asNioFloat()} and the like) in place of native ops. */
  public boolean javaReadsArrays() {
    return this == CPU;
  }

  /** Holds the answer so that ND4J loads only when someone asks, and is asked only once. */
  private static final class Loaded {
    static final Backend BACKEND;

    static {
      NativeBackend.select();
      BACKEND = of(Nd4j.getBackend().getClass().getName());
    }
  }
}
