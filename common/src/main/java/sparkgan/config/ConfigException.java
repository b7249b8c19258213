package sparkgan.config;

/**
 * A configuration value or command-line option is wrong. Thrown before any heavy work starts; {@link #key()}
 * names the option or conf key as the user wrote it.
 */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public ConfigException(String key, String message) {
    super(message);
    this.key = key;
  }

  /** {@code <key> must be <rule>, got <actual>}: the standard message for one bad field. */
  public static ConfigException invalid(String key, String rule, Object actual) {
    return new ConfigException(key, key + " must be " + rule + ", got " + describe(actual));
  }

  private static String describe(Object actual) {
    return actual instanceof CharSequence ? "'" + actual + "'" : String.valueOf(actual);
  }

  public String key() {
    return key;
  }
}
