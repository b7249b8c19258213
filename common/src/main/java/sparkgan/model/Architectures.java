package sparkgan.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import sparkgan.config.PluginClasses;
import sparkgan.model.nn.Network;
import sparkgan.model.nn.Rng;

/**
 * Finds the network family {@code model.architecture} names, and builds its networks. Built-ins: {@code mlp}
 * ({@link MlpArchitecture}), {@code dcgan} ({@link DcganArchitecture}), {@code sngan} ({@link SnganArchitecture})
 * and {@code sn-cnn} ({@link SnCnnArchitecture}); any other value is the fully qualified name of an
 * {@link Architecture}.
 */
public final class Architectures {
  private static final Map<String, Supplier<Architecture>> BUILT_IN = new LinkedHashMap<>();

  static {
    BUILT_IN.put("mlp", MlpArchitecture::new);
    BUILT_IN.put("dcgan", DcganArchitecture::new);
    BUILT_IN.put("sngan", SnganArchitecture::new);
    BUILT_IN.put("sn-cnn", SnCnnArchitecture::new);
  }

  private Architectures() {}

  /** The built-in names. */
  public static List<String> names() {
    return List.copyOf(BUILT_IN.keySet());
  }

  /** The family {@code name} names; a {@link sparkgan.config.ConfigException} on model.architecture if none. */
  public static Architecture find(String name) {
    Supplier<Architecture> builtIn = BUILT_IN.get(name);
    return builtIn != null ? builtIn.get()
        : PluginClasses.create("model.architecture", name, Architecture.class, names(), Void.class, null);
  }

  /**
   * G for {@code dataShape}, its input a latent vector.
   *
   * @param classes 0 for an unconditional G, else the number of classes it is conditioned on
   */
  public static Network generator(ArchitectureSettings settings, long[] dataShape, int classes, DataType type,
      Rng rng) {
    List<sparkgan.model.nn.Layer> layers = find(settings.architecture()).generator(settings, dataShape, classes);
    return Network.build("generator", new long[] {settings.latentDim()}, layers, type, rng);
  }

  /** @param outputs width of D's output per example, &gt;= 1: 1 for a GAN, the number of classes for a classifier */
  public static Network discriminator(ArchitectureSettings settings, long[] dataShape, int outputs, DataType type,
      Rng rng) {
    if (outputs < 1) {
      throw new IllegalArgumentException("outputs must be >= 1, got " + outputs);
    }
    List<sparkgan.model.nn.Layer> layers = find(settings.architecture()).discriminator(settings, dataShape, outputs);
    return Network.build("discriminator", dataShape, layers, type, rng);
  }
}
