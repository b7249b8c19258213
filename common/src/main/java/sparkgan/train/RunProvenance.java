package sparkgan.train;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.factory.Nd4j;
import sparkgan.config.SparkganVersion;

/**
 * What a checkpoint records about how it was made, beyond its configuration: the config hash, the dataset hash,
 * versions and the platform (floating-point results differ across CPUs, native builds and JVMs).
 */
public final class RunProvenance {
  private RunProvenance() {}

  public static Map<String, String> of(ExperimentConfig config, String datasetHash, long step, Instant time) {
    TreeMap<String, String> values = new TreeMap<>(config.provenance());
    values.put("run.config-sha256", config.sha256());
    values.put("run.dataset-sha256", datasetHash);
    values.put("run.step", Long.toString(step));
    values.put("run.time", time.toString());
    values.put("run.sparkgan-version", SparkganVersion.version());
    values.put("run.java-version", System.getProperty("java.version"));
    values.put("run.os-arch", System.getProperty("os.arch"));
    values.put("run.nd4j-backend", Nd4j.getBackend().getClass().getSimpleName());
    values.put("run.nd4j-native-variant", System.getProperty("org.bytedeco.javacpp.platform.extension", "default"));
    return values;
  }
}
