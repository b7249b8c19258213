package sparkgan.model.nn;

/**
 * One GPU as {@code nvidia-smi} lists it: its index (the address Spark's GPU discovery script reports), its name
 * and its compute capability {@code major.minor}.
 */
public record Gpu(int index, String name, int major, int minor) {
  public Gpu {
    if (index < 0 || major < 0 || minor < 0) {
      throw new IllegalArgumentException("GPU index and compute capability must be >= 0, got index " + index
          + ", compute capability " + major + "." + minor);
    }
  }

  /**
   * A line of {@code nvidia-smi --query-gpu=index,name,compute_cap --format=csv,noheader}, such as
   * {@code 0, Tesla V100-SXM2-16GB, 7.0}. The name is everything between the first and the last comma.
   */
  public static Gpu parse(String line) {
    int first = line.indexOf(',');
    int last = line.lastIndexOf(',');
    String capability = line.substring(last + 1).trim();
    int dot = capability.indexOf('.');
    if (first < 0 || first == last || dot < 0) {
      throw new IllegalArgumentException("Cannot read the nvidia-smi line '" + line + "': expected "
          + "'index, name, major.minor'");
    }
    try {
      return new Gpu(Integer.parseInt(line.substring(0, first).trim()), line.substring(first + 1, last).trim(),
          Integer.parseInt(capability.substring(0, dot)), Integer.parseInt(capability.substring(dot + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Cannot read the nvidia-smi line '" + line + "': expected "
          + "'index, name, major.minor'", e);
    }
  }

  /** {@code major.minor}, as NVIDIA writes compute capabilities. */
  public String capability() {
    return major + "." + minor;
  }
}
