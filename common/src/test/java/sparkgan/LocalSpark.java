package sparkgan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a local SparkSession: {@code @LocalSpark class FooTest { @Test void t(SparkSession spark) ... }}.
 *
 * <p>One session per JVM (starting Spark costs seconds), {@code local[2,2]} (CI's two cores, one task retry), loopback driver,
 * UI off, two shuffle partitions, no Hive. The non-JVM settings of conf/spark-defaults.conf apply, so tests write
 * Parquet exactly as the jobs do. Tests keep their data under {@code @TempDir}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LocalSpark.Extension.class)
public @interface LocalSpark {

  /** Resolves {@link SparkSession} parameters to the shared session. */
  final class Extension implements ParameterResolver {
    private static SparkSession session;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == SparkSession.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return session();
    }

    public static synchronized SparkSession session() {
      if (session == null) {
        SparkSession.Builder builder = SparkSession.builder()
            .master("local[2,2]") // two task threads; a failed task is retried once, as on a cluster
            .appName("sparkgan-tests")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.catalogImplementation", "in-memory");
        sparkDefaults().forEach((key, value) -> {
          if (!key.toString().endsWith("extraJavaOptions")) {
            builder.config(key.toString(), value.toString());
          }
        });
        session = builder.getOrCreate();
      }
      return session;
    }

    /** The project's root folder, as the build passes it ({@code sparkgan.project.dir}). */
    public static Path projectDir() {
      String dir = System.getProperty("sparkgan.project.dir");
      if (dir == null) {
        throw new IllegalStateException("Cannot locate the project: system property sparkgan.project.dir is not set. "
            + "Run the tests through Maven.");
      }
      return Path.of(dir);
    }

    private static Properties sparkDefaults() {
      Path file = projectDir().resolve("conf/spark-defaults.conf");
      Properties properties = new Properties();
      try (InputStream in = Files.newInputStream(file)) {
        properties.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + file, e);
      }
      return properties;
    }
  }
}
