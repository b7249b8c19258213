package sparkgan.model.nn;

import org.bytedeco.javacpp.Pointer;

/**
 * Keeps a training process's native memory bounded. ND4J allocates arrays outside the Java heap and frees them
 * only when the GC collects their Java handles; a training loop allocates new arrays every step while its heap
 * stays nearly empty, so the GC may not run for a long time and the process grows until the machine swaps (seen in
 * this project's test suite: 23 GB). {@link #relieve()} asks for a collection when the process's resident memory
 * passes 80% of JavaCPP's {@code org.bytedeco.javacpp.maxphysicalbytes} (set in conf/spark-defaults.conf;
 * JavaCPP's default is twice the maximum heap).
 */
public final class NativeMemory {
  static final double HEADROOM = 0.8;

  private NativeMemory() {}

  /** Cheap (one read of /proc/self/statm); call once per training step. */
  public static void relieve() {
    long limit = Pointer.maxPhysicalBytes();
    if (limit > 0 && Pointer.physicalBytes() > HEADROOM * limit) {
      System.gc();
    }
  }
}
