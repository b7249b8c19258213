package sparkgan.config;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The settings of one open block ({@code gan.ssgan { ... }}): keys that belong to a class the configuration names,
 * not to the schema. The class reads each of its keys with its own default ({@link #number}, {@link #bool}, ...),
 * which records the effective value; afterwards {@link #requireOnlyRead} refuses a key it never read, as the schema
 * refuses unknown keys, and {@link #effective()} gives every key with the value it was used with, for provenance.
 *
 * <p>Values are numbers, booleans or strings. Reads convert as the schema's reader does: a quoted {@code "0.5"} is a
 * number and integers refuse fractions. Equality is of path and given values; the record of reads is not part of it.
 */
public final class OpenBlock {
  private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  private final String path;
  private final SortedMap<String, Object> given;
  private final SortedMap<String, Object> read = new TreeMap<>();

  /**
   * @param path the block's key path, e.g. {@code gan.ssgan}
   * @param given the keys set in the block (names relative to it) and their values
   */
  public OpenBlock(String path, Map<String, ?> given) {
    this.path = Objects.requireNonNull(path, "path");
    SortedMap<String, Object> values = new TreeMap<>();
    given.forEach((name, value) -> {
      if (!(value instanceof Number || value instanceof Boolean || value instanceof String)) {
        throw ConfigException.invalid(key(name), "a number, a boolean or a string", value);
      }
      values.put(name, value);
    });
    this.given = Collections.unmodifiableSortedMap(values);
  }

  public String path() {
    return path;
  }

  /** The full key of {@code name} in this block: {@code gan.ssgan.alpha}. */
  public String key(String name) {
    return path + "." + name;
  }

  /** The keys set in the block, as given. */
  public SortedMap<String, Object> given() {
    return given;
  }

  /** A finite number, {@code defaultValue} when not set. */
  public double number(String name, double defaultValue) {
    Object value = given.get(name);
    double result = defaultValue;
    if (value != null) {
      result = toNumber(name, value, "a number").doubleValue();
    }
    if (!Double.isFinite(result)) {
      throw ConfigException.invalid(key(name), "a finite number", value);
    }
    return record(name, result);
  }

  /** An integer in the int range, {@code defaultValue} when not set. */
  public int intValue(String name, int defaultValue) {
    long value = longValue(name, defaultValue);
    if (value != (int) value) {
      throw ConfigException.invalid(key(name), "an integer " + ConfigReader.INT_BOUNDS, value);
    }
    return record(name, (int) value);
  }

  /** An integer, {@code defaultValue} when not set. */
  public long longValue(String name, long defaultValue) {
    Object value = given.get(name);
    if (value == null) {
      return record(name, defaultValue);
    }
    long number = ConfigReader.exactLong(toNumber(name, value, "an integer"))
        .orElseThrow(() -> ConfigException.invalid(key(name), "an integer", value));
    return record(name, number);
  }

  /** true or false, {@code defaultValue} when not set. */
  public boolean bool(String name, boolean defaultValue) {
    Object value = given.get(name);
    if (value == null || value instanceof Boolean) {
      return record(name, value == null ? defaultValue : (Boolean) value);
    }
    if (value.equals("true") || value.equals("false")) {
      return record(name, Boolean.parseBoolean((String) value));
    }
    throw ConfigException.invalid(key(name), "true or false", value);
  }

  /** A string (numbers and booleans as written), {@code defaultValue} when not set. */
  public String string(String name, String defaultValue) {
    Object value = given.get(name);
    return record(name, value == null ? Objects.requireNonNull(defaultValue, "defaultValue") : value.toString());
  }

  /**
   * Refuses keys that were set but never read: a misspelt key in an ignored block is a run with the wrong settings.
   *
   * @param owner who reads the block, for the message ({@code gan.class = ssgan})
   */
  public void requireOnlyRead(String owner) {
    SortedMap<String, Object> unknown = new TreeMap<>(given);
    unknown.keySet().removeAll(read.keySet());
    if (!unknown.isEmpty()) {
      String first = unknown.firstKey();
      throw new ConfigException(key(first), "Unknown key" + (unknown.size() > 1 ? "s " : " ")
          + unknown.keySet().stream().map(this::key).toList() + ": " + owner + " reads "
          + (read.isEmpty() ? "no keys in " + path : read.keySet().stream().map(this::key).toList())
          + ". Correct or remove the unknown keys.");
    }
  }

  /** Every key read so far with the value it was read as (defaults included), by name. */
  public SortedMap<String, Object> effective() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(read));
  }

  /** Whether a rendered value must be quoted to read back as text: not a number and not a boolean. */
  static boolean isText(String rendered) {
    return !(NUMBER.matcher(rendered).matches() || rendered.equals("true") || rendered.equals("false"));
  }

  private Number toNumber(String name, Object value, String rule) {
    if (value instanceof Number number) {
      return number;
    }
    if (value instanceof String text && NUMBER.matcher(text.trim()).matches()) {
      return Double.parseDouble(text.trim());
    }
    throw ConfigException.invalid(key(name), rule, value);
  }

  private <T> T record(String name, T value) {
    read.put(name, value);
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OpenBlock block && block.path.equals(path) && block.given.equals(given);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, given);
  }

  @Override
  public String toString() {
    return path + given;
  }
}
