package sparkgan.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Collection;

/**
 * Creates a user's class named in a configuration ({@code gan.class = "com.example.MyGan"},
 * {@code model.architecture = "com.example.MyNets"}): found on the classpath by name, checked to implement the
 * expected interface, and built with its public constructor taking the settings, or with its public no-argument
 * one. Every failure is a {@link ConfigException} on the key that named the class, saying what was wrong.
 */
public final class PluginClasses {
  private PluginClasses() {}

  /**
   * @param key the configuration key that named the class
   * @param name the fully qualified class name
   * @param type the interface the class must implement
   * @param builtIns the built-in short names the key also accepts, for the message
   * @param settingsType the type of the constructor argument the class may take
   * @param settings that argument
   */
  public static <T, S> T create(String key, String name, Class<T> type, Collection<String> builtIns,
      Class<S> settingsType, S settings) {
    Class<?> found;
    try {
      found = Class.forName(name, true, classLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw refused(key, name, type, builtIns, "no such class on the classpath");
    }
    if (!type.isAssignableFrom(found)) {
      throw refused(key, name, type, builtIns, "it does not implement " + type.getName());
    }
    try {
      Constructor<?> withSettings = constructor(found, settingsType);
      Object created = withSettings != null ? withSettings.newInstance(settings) : constructor(found).newInstance();
      return type.cast(created);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof ConfigException config) {
        throw config;
      }
      throw new ConfigException(key, "Cannot create " + name + " (" + key + "): its constructor failed: "
          + e.getCause() + ".");
    } catch (ReflectiveOperationException | NullPointerException e) {
      throw refused(key, name, type, builtIns, "it has no public constructor taking " + settingsType.getSimpleName()
          + " or no arguments");
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
    return context != null ? context : PluginClasses.class.getClassLoader();
  }

  private static ConfigException refused(String key, String name, Class<?> type, Collection<String> builtIns,
      String why) {
    return new ConfigException(key, key + " must be one of " + builtIns + " or the name of a class implementing "
        + type.getName() + ", got '" + name + "' (" + why + ")");
  }
}
