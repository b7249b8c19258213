package sparkgan.evaluate;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import sparkgan.config.ConfigException;
import sparkgan.evaluate.inception.InceptionWeights;

/**
 * Which feature extractor to use, as the user writes it ({@code --extractor}):
 * <ul>
 *   <li>{@code inception:PATH}: Inception-v3 with TF's {@code classify_image_graph_def.pb} or pytorch-fid's
 *       {@code pt_inception-2015-12-05-*.pth} at PATH (any Hadoop path);
 *   <li>{@code classifier:PATH}: a domain classifier written by {@code train-classifier};
 *   <li>{@code class:NAME[:ARGUMENT]}: any {@link FeatureExtractor} on the classpath with a public constructor
 *       {@code (String argument, Configuration conf)}: how users bring their own.
 * </ul>
 * The spec travels to executors, which open it once per JVM ({@link #open}): weights are read once per executor,
 * not once per task.
 */
public record ExtractorSpec(String kind, String argument) implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Per JVM: the extractor last opened, by spec. Only one is kept; a sweep uses one extractor. */
  private static final Map<ExtractorSpec, FeatureExtractor> OPEN = new ConcurrentHashMap<>();

  public ExtractorSpec {
    if (!kind.equals("inception") && !kind.equals("classifier") && !kind.equals("class")) {
      throw invalid(kind + ":" + argument);
    }
    if (argument.isEmpty()) {
      throw invalid(kind + ":");
    }
  }

  public static ExtractorSpec parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw invalid(text);
    }
    return new ExtractorSpec(text.substring(0, colon), text.substring(colon + 1));
  }

  private static ConfigException invalid(String text) {
    return ConfigException.invalid("--extractor", "inception:PATH, classifier:PATH or class:NAME[:ARGUMENT]", text);
  }

  /** The extractor, opened at most once per JVM. */
  public FeatureExtractor open(Configuration conf) {
    FeatureExtractor open = OPEN.get(this);
    if (open != null) {
      return open;
    }
    synchronized (OPEN) {
      open = OPEN.get(this);
      if (open == null) {
        OPEN.clear(); // an extractor holds its weights and, for Inception, a large workspace: keep one
        open = create(conf);
        OPEN.put(this, open);
      }
      return open;
    }
  }

  private FeatureExtractor create(Configuration conf) {
    try {
      return switch (kind) {
        case "inception" -> new InceptionExtractor(InceptionWeights.read(argument, conf));
        case "classifier" -> ClassifierExtractor.open(new org.apache.hadoop.fs.Path(argument), conf);
        default -> instantiate(conf);
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  private FeatureExtractor instantiate(Configuration conf) {
    int colon = argument.indexOf(':');
    String className = colon < 0 ? argument : argument.substring(0, colon);
    String classArgument = colon < 0 ? "" : argument.substring(colon + 1);
    try {
      Class<?> type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
      if (!FeatureExtractor.class.isAssignableFrom(type)) {
        throw new ConfigException("--extractor", "Cannot use " + className + " as a feature extractor: it does not "
            + "implement " + FeatureExtractor.class.getName() + ".");
      }
      return (FeatureExtractor) type.getConstructor(String.class, Configuration.class)
          .newInstance(classArgument, conf);
    } catch (ClassNotFoundException e) {
      throw new ConfigException("--extractor", "Cannot find extractor class " + className + " on the classpath "
          + "(add its jar with --jars).");
    } catch (NoSuchMethodException e) {
      throw new ConfigException("--extractor", "Cannot construct " + className + ": it needs a public constructor ("
          + "String argument, org.apache.hadoop.conf.Configuration conf).");
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime
          : new IllegalStateException("Cannot construct " + className + ": " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot construct " + className + ": " + e, e);
    }
  }

  @Override
  public String toString() {
    return kind + ":" + argument;
  }
}
