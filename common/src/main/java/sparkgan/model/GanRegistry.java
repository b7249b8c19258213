package sparkgan.model;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import sparkgan.config.ConfigException;
import sparkgan.model.objective.ClassifierGan;
import sparkgan.model.objective.Hinge;
import sparkgan.model.objective.LeastSquares;
import sparkgan.model.objective.Minimax;
import sparkgan.model.objective.NonSaturating;
import sparkgan.model.objective.ObjectiveGan;
import sparkgan.model.objective.Wgan;
import sparkgan.model.objective.WganGp;

/**
 * Finds the GAN {@code gan.class} names: a built-in short name, or the fully qualified name of any class on the
 * classpath that implements {@link Gan} and has a public constructor taking {@link GanSettings} (or none).
 */
public final class GanRegistry {
  private static final Map<String, Function<GanSettings, Gan>> BUILT_IN = new LinkedHashMap<>();

  static {
    BUILT_IN.put("minimax", s -> new ObjectiveGan(new Minimax(), s));
    BUILT_IN.put("non-saturating", s -> new ObjectiveGan(new NonSaturating(), s));
    BUILT_IN.put("hinge", s -> new ObjectiveGan(new Hinge(), s));
    BUILT_IN.put("wasserstein", Wgan::new);
    BUILT_IN.put("wgan-gp", WganGp::new);
    BUILT_IN.put("least-squares", s -> new ObjectiveGan(new LeastSquares(), s));
    BUILT_IN.put("classifier", ClassifierGan::new);
  }

  private GanRegistry() {}

  /** The built-in short names. */
  public static List<String> names() {
    return List.copyOf(BUILT_IN.keySet());
  }

  public static boolean isBuiltIn(String name) {
    return BUILT_IN.containsKey(name);
  }

  /** Creates the GAN {@code settings.ganClass()} names; every failure is a {@link ConfigException} on gan.class. */
  public static Gan create(GanSettings settings) {
    String name = settings.ganClass();
    Function<GanSettings, Gan> builtIn = BUILT_IN.get(name);
    if (builtIn != null) {
      return builtIn.apply(settings);
    }
    Class<?> type;
    try {
      type = Class.forName(name, true, classLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw notAGan(name, "no such class on the classpath");
    }
    if (!Gan.class.isAssignableFrom(type)) {
      throw notAGan(name, "it does not implement " + Gan.class.getName());
    }
    try {
      Constructor<?> withSettings = constructor(type, GanSettings.class);
      Object gan = withSettings != null ? withSettings.newInstance(settings) : constructor(type).newInstance();
      return (Gan) gan;
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof ConfigException config) {
        throw config;
      }
      throw new ConfigException("gan.class", "Cannot create GAN " + name + ": its constructor failed: "
          + e.getCause() + ".");
    } catch (ReflectiveOperationException | NullPointerException e) {
      throw notAGan(name, "it has no public constructor taking GanSettings or no arguments");
    }
  }

  private static Constructor<?> constructor(Class<?> type, Class<?>... parameters) {
    try {
      return type.getConstructor(parameters);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : GanRegistry.class.getClassLoader();
  }

  private static ConfigException notAGan(String name, String why) {
    return new ConfigException("gan.class", "gan.class must be one of " + names() + " or the name of a class "
        + "implementing " + Gan.class.getName() + ", got '" + name + "' (" + why + ")");
  }
}
