package sparkgan.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of sparkgan that is running, as the build stamped it into {@code sparkgan-version.properties}. */
public final class SparkganVersion {
  private static final String VERSION = load();

  private SparkganVersion() {}

  public static String version() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = SparkganVersion.class.getResourceAsStream("/sparkgan-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read sparkgan-version.properties from the classpath", e);
    }
  }
}
