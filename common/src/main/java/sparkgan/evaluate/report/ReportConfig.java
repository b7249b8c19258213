package sparkgan.evaluate.report;

import sparkgan.config.ConfigException;

/**
 * Settings of one report: which results table to read and which folder to create. Built by the report job from
 * its options and validated here, before Spark starts.
 *
 * @param table the results table the evaluate sweep fills, any Hadoop path
 * @param out the report folder to create, any Hadoop path; it must not exist (a report is never overwritten)
 * @param width width of each plot, in pixels
 * @param height height of each plot, in pixels
 */
public record ReportConfig(String table, String out, int width, int height) {
  public static final int DEFAULT_WIDTH = 900;
  public static final int DEFAULT_HEIGHT = 540;
  // Below these the legend and axis labels leave no room for the curves; above, a PNG gets needlessly large.
  static final int MIN_SIZE = 240;
  static final int MAX_SIZE = 4000;

  public ReportConfig {
    if (table == null || table.isBlank()) {
      throw ConfigException.invalid("--table", "a path", table);
    }
    if (out == null || out.isBlank()) {
      throw ConfigException.invalid("--out", "a path", out);
    }
    if (strip(out).equals(strip(table))) {
      throw ConfigException.invalid("--out", "a folder other than --table", out);
    }
    if (width < MIN_SIZE || width > MAX_SIZE) {
      throw ConfigException.invalid("--width", "in [" + MIN_SIZE + ", " + MAX_SIZE + "]", width);
    }
    if (height < MIN_SIZE || height > MAX_SIZE) {
      throw ConfigException.invalid("--height", "in [" + MIN_SIZE + ", " + MAX_SIZE + "]", height);
    }
  }

  /** The default plot size. */
  public static ReportConfig of(String table, String out) {
    return new ReportConfig(table, out, DEFAULT_WIDTH, DEFAULT_HEIGHT);
  }

  private static String strip(String path) {
    return path.replaceAll("/+$", "");
  }
}
