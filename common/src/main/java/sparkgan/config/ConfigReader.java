package sparkgan.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed reads of a loaded configuration, one key at a time, failing with a {@link ConfigException} that names the key
 * ({@code train.steps must be an integer, got 'ten'}) instead of Typesafe's messages about value types.
 *
 * <p>Conversions are Typesafe's (a quoted {@code "64"} is a number, {@code yes} a boolean), with one exception:
 * integer keys refuse fractions, where Typesafe's {@code getInt} would silently truncate {@code 1.5} to 1. Ranges are
 * not checked here; the settings records that receive the values do that.
 */
public final class ConfigReader {
  private static final String INTEGER = "an integer";
  static final String INT_BOUNDS = "in [" + Integer.MIN_VALUE + ", " + Integer.MAX_VALUE + "]";

  private final Config config;
  private final ConfigSchema schema;
  private final String source;

  /** {@code config} is resolved and has only the schema's keys (see {@link ConfigSchema#load}). */
  ConfigReader(Config config, ConfigSchema schema, String source) {
    this.config = config;
    this.schema = schema;
    this.source = source;
  }

  public String string(String key) {
    return read(key, "a string", config::getString);
  }

  public boolean bool(String key) {
    return read(key, "true or false", config::getBoolean);
  }

  /** A finite number; integers are accepted. */
  public double number(String key) {
    double value = read(key, "a number", config::getDouble);
    if (!Double.isFinite(value)) {
      throw ConfigException.invalid(key, "a finite number", value);
    }
    return value;
  }

  public long longValue(String key) {
    Number value = read(key, INTEGER, config::getNumber);
    return exactLong(value).orElseThrow(() -> ConfigException.invalid(key, INTEGER, actual(key)));
  }

  public int intValue(String key) {
    long value = longValue(key);
    if (value != (int) value) {
      throw ConfigException.invalid(key, INTEGER + " " + INT_BOUNDS, value);
    }
    return (int) value;
  }

  public List<Integer> intList(String key) {
    String rule = "a list of integers";
    List<Number> numbers = read(key, rule, config::getNumberList);
    List<Integer> values = new ArrayList<>(numbers.size());
    for (Number number : numbers) {
      long value = exactLong(number).orElseThrow(() -> ConfigException.invalid(key, rule, actual(key)));
      if (value != (int) value) {
        throw ConfigException.invalid(key, rule + " " + INT_BOUNDS, actual(key));
      }
      values.add((int) value);
    }
    return List.copyOf(values);
  }

  /** A constant spelled as {@link CommandLine#optionName} spells it: {@code lr-decay = linear}. */
  public <E extends Enum<E>> E enumValue(String key, Class<E> type) {
    return CommandLine.enumConstant(key, string(key), type);
  }

  /**
   * The open block at {@code path} ({@code gan.ssgan}), empty when the configuration does not set it. Its keys are
   * the owner's to read and check ({@link OpenBlock}).
   */
  public OpenBlock openBlock(String path) {
    if (!config.hasPath(path)) {
      return new OpenBlock(path, Map.of());
    }
    ConfigValue value = config.getValue(path);
    if (!(value instanceof ConfigObject block)) {
      throw ConfigException.invalid(path, "a block of settings in braces", describe(value));
    }
    Map<String, Object> given = new TreeMap<>();
    block.forEach((name, entry) -> given.put(name, switch (entry.valueType()) {
      case NUMBER, BOOLEAN, STRING -> entry.unwrapped();
      default -> throw ConfigException.invalid(path + "." + ConfigUtil.joinPath(name), "a number, a boolean or a string",
          describe(entry));
    }));
    return new OpenBlock(path, given);
  }

  /** The open blocks set under {@code parent} (full paths, sorted): to refuse one that nothing will read. */
  public List<String> openBlocks(String parent) {
    List<String> paths = new ArrayList<>();
    if (config.hasPath(parent)) {
      for (String name : new TreeSet<>(config.getObject(parent).keySet())) {
        String path = parent + "." + ConfigUtil.joinPath(name);
        if (schema.isOpenBlock(path)) {
          paths.add(path);
        }
      }
    }
    return paths;
  }

  private <T> T read(String key, String rule, Function<String, T> getter) {
    try {
      return getter.apply(key);
    } catch (com.typesafe.config.ConfigException.Missing e) { // also a null value
      if (schema.isRequired(key)) {
        throw new ConfigException(key, "Cannot load " + source + ": " + key + " is not set and has no default. Set "
            + "it in the file or with --set " + key + "=<value>.");
      }
      throw ConfigException.invalid(key, rule, null);
    } catch (com.typesafe.config.ConfigException e) {
      throw ConfigException.invalid(key, rule, actual(key));
    }
  }

  private Object actual(String key) {
    return describe(config.getValue(key));
  }

  /**
   * A value for a {@link ConfigException#invalid} message: strings as strings (which the message quotes), numbers
   * and booleans as themselves, lists and objects as concise HOCON.
   */
  static Object describe(ConfigValue value) {
    return switch (value.valueType()) {
      case STRING, NUMBER, BOOLEAN -> value.unwrapped();
      case NULL -> null;
      default -> new HoconText(value.render(ConfigRenderOptions.concise()));
    };
  }

  /** Prints as the text itself: not a string, so the message does not quote it. */
  private record HoconText(String text) {
    @Override
    public String toString() {
      return text;
    }
  }

  /** {@code number} as a long when it is an integer in the long range, as integer keys (and open blocks) read it. */
  static Optional<Long> exactLong(Number number) {
    if (number instanceof Integer || number instanceof Long) {
      return Optional.of(number.longValue());
    }
    double value = number.doubleValue();
    boolean exact = value == Math.rint(value) && Math.abs(value) < 0x1p63; // rint(NaN) != NaN, rint(inf) is inf
    return exact ? Optional.of((long) value) : Optional.empty();
  }
}
