package sparkgan.train;

import org.apache.hadoop.fs.Path;

/**
 * Where a training trial keeps its files: {@code <results>/<experiment name>/<trial id>/} holding {@code config.conf}
 * (the fully resolved configuration), {@code checkpoints/step=<N>/} (state.bin, config.conf, provenance.json; each
 * committed by one rename), {@code metrics/} and {@code samples/}. The train and evaluate jobs share this layout.
 */
public record RunLayout(Path trial) {
  public static final String CONFIG_FILE = "config.conf";
  public static final String STATE_FILE = "state.bin";
  public static final String PROVENANCE_FILE = "provenance.json";

  public static RunLayout of(String results, String experimentName, String trialId) {
    return new RunLayout(new Path(new Path(results, experimentName), trialId));
  }

  public Path config() {
    return new Path(trial, CONFIG_FILE);
  }

  public Path checkpoints() {
    return new Path(trial, "checkpoints");
  }

  /** {@code checkpoints/step=<N>}: the {@code key=value} name lets Spark read checkpoint listings as partitions. */
  public Path checkpoint(long step) {
    return new Path(checkpoints(), "step=" + step);
  }

  public Path metrics() {
    return new Path(trial, "metrics");
  }

  public Path samples() {
    return new Path(trial, "samples");
  }
}
