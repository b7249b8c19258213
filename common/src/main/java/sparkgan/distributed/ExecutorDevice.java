package sparkgan.distributed;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sparkgan.config.ConfigException;
import sparkgan.model.nn.Backend;
import sparkgan.model.nn.CudaBackend;
import sparkgan.model.nn.Gpu;
import sparkgan.model.nn.GpuQuery;

/**
 * Puts a Spark task's ND4J work on the GPU Spark assigned to it, after checking that the CUDA backend can run on
 * that GPU. The train task calls {@link #bind(TaskContext)} first thing, before it creates any array: ND4J's CUDA
 * backend places a thread's arrays on the thread's current device, and Spark reuses task threads across tasks.
 *
 * <p>Spark's addresses are the indices the discovery script ({@code conf/gpu-discovery.sh}) read from
 * {@code nvidia-smi}; they are used as CUDA device numbers, as Spark's GPU scheduling assumes. That holds when the
 * executors see every GPU of their machine (no {@code CUDA_VISIBLE_DEVICES} narrowing them) and CUDA numbers
 * devices in PCI bus order like nvidia-smi ({@code CUDA_DEVICE_ORDER=PCI_BUS_ID}, set in conf/spark-defaults.conf's
 * GPU lines).
 *
 * <p>On the CPU backend this does nothing (it warns once if Spark assigned a GPU anyway: the jar was built without
 * {@code -Pgpu}).
 */
public final class ExecutorDevice {
  /** The Spark resource name of GPUs, as in {@code spark.executor.resource.gpu.amount}. */
  public static final String RESOURCE = "gpu";
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorDevice.class);
  private static volatile boolean warnedCpu;
  /** nvidia-smi's answer, asked once per executor JVM: the GPUs of a machine do not change while it runs. */
  private static volatile List<Gpu> machineGpus;

  private ExecutorDevice() {}

  /**
   * Binds this task's thread to its GPU and refuses a GPU the backend cannot run on ({@link
   * sparkgan.model.nn.UnsupportedGpuException}). Returns the GPU bound; empty on the CPU backend, and with the CUDA
   * backend when Spark assigned no GPU (ND4J then spreads threads over the GPUs itself, all of which are checked).
   */
  public static Optional<Gpu> bind(TaskContext context) {
    return bind(context.resourcesJMap(), Backend.current(), ExecutorDevice::machineGpus,
        device -> Nd4j.getAffinityManager().unsafeSetDevice(device));
  }

  /** {@link #bind(TaskContext)} with the task's resources, the backend, the GPU list and the binding given. */
  static Optional<Gpu> bind(Map<String, ResourceInformation> resources, Backend backend, GpuQuery query,
      IntConsumer setDevice) {
    ResourceInformation assigned = resources.get(RESOURCE);
    if (backend != Backend.CUDA) {
      if (assigned != null && !warnedCpu) {
        warnedCpu = true;
        LOG.warn("Spark assigned GPU {} to this task, but the application jar has the CPU backend: training runs "
            + "on the CPU. Build with mvn -Pgpu package to train on GPUs.", String.join(",", assigned.addresses()));
      }
      return Optional.empty();
    }
    List<Gpu> gpus = query.gpus();
    if (assigned == null) {
      if (gpus.isEmpty()) {
        throw new IllegalStateException("The CUDA backend is loaded but nvidia-smi lists no GPU on this executor");
      }
      gpus.forEach(CudaBackend::checkRunsOn);
      return Optional.empty();
    }
    String[] addresses = assigned.addresses();
    if (addresses.length != 1) {
      throw ConfigException.invalid("spark.task.resource.gpu.amount", "at most 1 (a training task drives one GPU)",
          addresses.length + " GPUs assigned to one task (" + String.join(", ", addresses) + ")");
    }
    Gpu gpu = gpus.stream().filter(g -> String.valueOf(g.index()).equals(addresses[0].trim())).findFirst()
        .orElseThrow(() -> new IllegalStateException("Spark assigned GPU address '" + addresses[0] + "', but "
            + "nvidia-smi lists GPUs " + gpus.stream().map(g -> String.valueOf(g.index()))
            .collect(Collectors.joining(", ", "[", "]")) + " on this executor. The discovery script must report "
            + "nvidia-smi indices (conf/gpu-discovery.sh)."));
    CudaBackend.checkRunsOn(gpu);
    setDevice.accept(gpu.index());
    return Optional.of(gpu);
  }

  private static List<Gpu> machineGpus() {
    List<Gpu> gpus = machineGpus;
    if (gpus == null) {
      gpus = GpuQuery.nvidiaSmi().gpus();
      machineGpus = gpus;
    }
    return gpus;
  }
}
