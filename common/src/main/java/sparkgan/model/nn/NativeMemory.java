package sparkgan.model.nn;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keeps a training process's native memory bounded and warm.
 *
 * <p>ND4J allocates arrays outside the Java heap and, by default, frees them only when the GC collects their Java
 * handles. A training step creates hundreds of megabytes of activations and gradients; as fresh allocations every
 * one of them page-faults (measured here: 3.5 ms to create an 8 MB array, slower than most ops that fill it), and
 * since the Java heap stays nearly empty the GC may not run for a long time, so the process grows until the machine
 * swaps (seen in this project's test suite: 23 GB). Hence:
 *
 * <ul>
 *   <li>{@link #stepWorkspace()}: a training step's arrays come from one ND4J workspace, an arena sized by the first
 *       step and reused by every later one, so the same warm memory serves every step;
 *   <li>{@link #relieve()}: for allocations outside steps (sampling, evaluation), a GC when the process's resident
 *       memory passes 80% of JavaCPP's {@code org.bytedeco.javacpp.maxphysicalbytes} (set in
 *       conf/spark-defaults.conf; JavaCPP's default is twice the maximum heap).
 * </ul>
 */
public final class NativeMemory {
  static final double HEADROOM = 0.8;
  private static final String STEP_WORKSPACE_ID = "sparkgan-training-step";
  /**
   * Learns the size from the first step; a later step that needs more spills to ordinary allocations and the arena
   * grows to fit at its next use.
   */
  private static final WorkspaceConfiguration STEP_WORKSPACE = WorkspaceConfiguration.builder()
      .initialSize(0)
      .policyLearning(LearningPolicy.FIRST_LOOP)
      .policyAllocation(AllocationPolicy.OVERALLOCATE)
      .overallocationLimit(0.1)
      .policySpill(SpillPolicy.REALLOCATE)
      .policyReset(ResetPolicy.BLOCK_LEFT)
      .build();

  private NativeMemory() {}

  /**
   * Opens the calling thread's step workspace: every array created until it is closed lives in the arena and is
   * invalid afterwards, so nothing created inside may be kept (write results into arrays made outside, as
   * optimizers do, or copy them out with {@code detach()}).
   */
  public static MemoryWorkspace stepWorkspace() {
    return Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, STEP_WORKSPACE_ID);
  }

  /** Cheap (one read of /proc/self/statm); call once per training step. */
  public static void relieve() {
    long limit = Pointer.maxPhysicalBytes();
    if (limit > 0 && Pointer.physicalBytes() > HEADROOM * limit) {
      System.gc();
    }
  }
}
