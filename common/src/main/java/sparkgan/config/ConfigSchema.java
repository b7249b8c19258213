package sparkgan.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The keys a HOCON configuration may have, taken from one defaults document, and the loading that layers a file and
 * {@code --set key=value} overrides over those defaults.
 *
 * <p>The defaults document is the schema: each of its leaves is a valid key, its value the default, and a
 * {@code null} marks a required (string) key without a default. Keeping keys and defaults in one commented file
 * means the documentation a user reads is the list the loader checks against; nothing repeats it in Java.
 *
 * <p>Precedence is overrides &gt; file &gt; defaults. Loading rejects unknown keys, listing them and the valid ones,
 * because a misspelt key in a silently-ignored file is a run with the wrong settings. The one exception is an
 * <em>open block</em>: a block in braces directly under an open parent ({@code gan.ssgan { ... }} under
 * {@code gan}), whose keys belong to a class the configuration names (a GAN declares its own). The loader passes
 * such a block through whole ({@link ConfigReader#openBlock}); the class that reads it refuses what it does not
 * know. Typesafe's exceptions are turned
 * into {@link ConfigException}s here and in {@link ConfigReader}, so callers see one exception type with a key.
 */
public final class ConfigSchema {
  private static final ConfigRenderOptions CONCISE = ConfigRenderOptions.concise();
  /** Markers that begin a HOCON comment, which would silently cut an unquoted {@code --set} value short. */
  private static final List<String> COMMENT_MARKERS = List.of("//", "#");

  private final String subject;
  private final Config defaults;
  /** Every key, sorted, with the type of its default ({@link ConfigValueType#NULL} for required keys). */
  private final SortedMap<String, ConfigValueType> keyTypes;
  /** Every proper prefix of a key ({@code optimizer}, {@code optimizer.generator}, ...): the blocks. */
  private final Set<String> blocks;
  /** Blocks whose unknown children in braces are open blocks. */
  private final Set<String> openParents;
  /** Keys of earlier versions, with where their settings live now: said when a file still uses them. */
  private final Map<String, String> movedKeys;

  private ConfigSchema(String subject, Config defaults, Set<String> openParents, Map<String, String> movedKeys) {
    this.subject = subject;
    this.defaults = defaults;
    this.openParents = Set.copyOf(openParents);
    this.movedKeys = Map.copyOf(movedKeys);
    SortedMap<String, ConfigValueType> types = new TreeMap<>();
    collectLeaves(defaults.root(), "", types);
    this.keyTypes = Collections.unmodifiableSortedMap(types);
    Set<String> prefixes = new TreeSet<>();
    for (String key : types.keySet()) {
      for (int dot = key.indexOf('.'); dot > 0; dot = key.indexOf('.', dot + 1)) {
        prefixes.add(key.substring(0, dot));
      }
    }
    this.blocks = Collections.unmodifiableSet(prefixes);
    if (!blocks.containsAll(openParents)) {
      throw new IllegalStateException("Open parents " + openParents + " must be blocks of the " + subject);
    }
  }

  /**
   * The schema in classpath resource {@code resource} (absolute, e.g. {@code /sparkgan/experiment-defaults.conf}).
   *
   * @param subject what the configuration is, for messages ("experiment config")
   * @param openParents blocks of the schema under which a block of unknown name is an open block
   */
  public static ConfigSchema fromResource(Class<?> anchor, String resource, String subject, String... openParents) {
    try {
      Config defaults = ConfigFactory.parseResources(anchor, resource,
          ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
      return new ConfigSchema(subject, defaults, Set.of(openParents), Map.of());
    } catch (com.typesafe.config.ConfigException e) {
      throw new IllegalStateException("The defaults " + resource + " are missing or broken in this build", e);
    }
  }

  /**
   * This schema, telling a file that still sets one of {@code moved}'s keys where that setting lives now (key to a
   * phrase such as {@code "gan.<name>.real-label, in the GAN's own block"}).
   */
  public ConfigSchema withMovedKeys(Map<String, String> moved) {
    return new ConfigSchema(subject, defaults, openParents, moved);
  }

  /** Whether {@code key} has no default and must be set by the file or an override. */
  public boolean isRequired(String key) {
    return keyTypes.get(key) == ConfigValueType.NULL;
  }

  /** Reads {@code file} layered over the defaults and under {@code overrides} ({@code key=value}, HOCON values). */
  public ConfigReader load(Path file, List<String> overrides) {
    String source = subject + " " + file;
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(file.toString(), "Cannot load " + source + ": no such file. Check the path (relative "
          + "paths start at " + Path.of("").toAbsolutePath() + ").");
    }
    Config parsed = parseOrFail(file.toString(), source, () -> ConfigFactory.parseFile(file.toFile(),
        ConfigParseOptions.defaults().setAllowMissing(false)));
    return layer(parsed, overrides, source);
  }

  /** Reads HOCON {@code text} layered over the defaults and under {@code overrides}. */
  public ConfigReader parse(String text, List<String> overrides) {
    Config parsed = parseOrFail(subject, subject, () -> ConfigFactory.parseString(text,
        ConfigParseOptions.defaults().setOriginDescription(subject)));
    return layer(parsed, overrides, subject);
  }

  /**
   * The canonical HOCON text of {@code values} (key to value as {@link Provenanced#provenance()} gives it): every key
   * of the schema and of the open blocks, sorted, one {@code key = value} per line, strings quoted, everything else
   * as written. Equal settings give equal text whatever file spelled them, so the text can be hashed and parsed
   * back. An open block's values are numbers, booleans or strings; a string that reads as a number or a boolean is
   * written unquoted, which its reader converts back ({@link OpenBlock}).
   *
   * @throws IllegalStateException if {@code values} does not have exactly the schema's keys plus open-block keys (a
   *     programming error: a settings record and the defaults document disagree)
   */
  public String render(Map<String, String> values) {
    Set<String> extra = new TreeSet<>(values.keySet());
    extra.removeAll(keyTypes.keySet());
    extra.removeIf(this::inOpenBlock);
    if (!values.keySet().containsAll(keyTypes.keySet()) || !extra.isEmpty()) {
      Set<String> missing = new TreeSet<>(keyTypes.keySet());
      missing.removeAll(values.keySet());
      throw new IllegalStateException("The settings and the defaults of the " + subject + " disagree: not rendered "
          + missing + ", not in the defaults " + extra);
    }
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> entry : new TreeMap<>(values).entrySet()) {
      ConfigValueType type = keyTypes.get(entry.getKey());
      String value = entry.getValue();
      boolean quote = type == null ? OpenBlock.isText(value)
          : type == ConfigValueType.STRING || type == ConfigValueType.NULL;
      text.append(entry.getKey()).append(" = ").append(quote ? ConfigUtil.quoteString(value) : value).append('\n');
    }
    return text.toString();
  }

  /** Whether {@code key} is {@code <open parent>.<block>.<name>}: a key of an open block. */
  private boolean inOpenBlock(String key) {
    List<String> path = ConfigUtil.splitPath(key);
    return path.size() >= 3 && isOpenBlock(ConfigUtil.joinPath(path.subList(0, path.size() - 1)));
  }

  /** Whether {@code path} names a block under an open parent that is not one of the schema's own blocks. */
  boolean isOpenBlock(String path) {
    List<String> elements = ConfigUtil.splitPath(path);
    return elements.size() >= 2 && !blocks.contains(path) && !keyTypes.containsKey(path)
        && openParents.contains(ConfigUtil.joinPath(elements.subList(0, elements.size() - 1)));
  }

  private ConfigReader layer(Config file, List<String> overrides, String source) {
    Config layered = parseOverrides(overrides).withFallback(file).withFallback(defaults);
    Config resolved;
    try {
      resolved = layered.resolve();
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(source, "Cannot load " + source + ": " + reason(e, true)
          + ". Substitutions may only refer to keys of the " + subject + " or to environment variables.");
    }
    rejectUnknownKeys(resolved.root(), source);
    return new ConfigReader(resolved, this, source);
  }

  /** Later overrides win over earlier ones; objects merge, as in a file. */
  private static Config parseOverrides(List<String> overrides) {
    Config merged = ConfigFactory.empty();
    for (String override : overrides) {
      merged = parseOverride(override).withFallback(merged);
    }
    return merged;
  }

  private static Config parseOverride(String override) {
    int equals = override.indexOf('=');
    String remedy = ". Write --set key=value with the value in HOCON syntax, e.g. --set train.steps=20000 "
        + "or --set 'data.source=\"hdfs://host/data\"'.";
    if (equals < 1 || override.substring(0, equals).isBlank()) {
      throw new ConfigException("--set", "Cannot apply --set " + override + ": it is not key=value" + remedy);
    }
    String key = override.substring(0, equals).trim();
    String valueText = override.substring(equals + 1);
    ConfigValue value;
    try {
      // Parsed under a fixed name, then moved to the key: a value cannot smuggle in other keys.
      Config parsed = ConfigFactory.parseString("value = " + valueText,
          ConfigParseOptions.defaults().setOriginDescription("--set " + override));
      if (parsed.root().size() != 1 || !parsed.root().containsKey("value")) {
        throw new ConfigException(key, "Cannot apply --set " + override + ": the value also sets other keys"
            + remedy);
      }
      value = parsed.root().get("value");
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(key, "Cannot apply --set " + override + ": " + reason(e, false) + remedy);
    }
    String rendered = value.render(CONCISE);
    for (String marker : COMMENT_MARKERS) {
      if (valueText.contains(marker) && !rendered.contains(marker)) {
        throw new ConfigException(key, "Cannot apply --set " + override + ": HOCON reads '" + marker + "' outside "
            + "quotes as the start of a comment. Quote the value: --set '" + key + "=\"" + valueText.trim() + "\"'.");
      }
    }
    try {
      return ConfigFactory.empty().withValue(key, value);
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(key, "Cannot apply --set " + override + ": '" + key + "' is not a key path"
          + remedy);
    }
  }

  private static Config parseOrFail(String key, String source, Supplier<Config> parser) {
    try {
      return parser.get();
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(key, "Cannot parse " + source + ": " + reason(e, true) + ". Fix the HOCON syntax.");
    }
  }

  /** Typesafe's message without the origin it starts with (the caller names the source), and with the line. */
  private static String reason(com.typesafe.config.ConfigException e, boolean withLine) {
    String message = e.getMessage();
    ConfigOrigin origin = e.origin();
    if (origin != null && message.startsWith(origin.description() + ": ")) {
      message = message.substring(origin.description().length() + 2);
      if (withLine && origin.lineNumber() >= 0) {
        message = "line " + origin.lineNumber() + ": " + message;
      }
    }
    return message;
  }

  private void rejectUnknownKeys(ConfigObject root, String source) {
    SortedMap<String, String> unknown = new TreeMap<>();
    collectUnknown(root, "", unknown);
    if (!unknown.isEmpty()) {
      List<String> listed = new ArrayList<>();
      unknown.forEach((key, origin) -> listed.add(key + " (" + origin + ")"
          + (movedKeys.containsKey(key) ? ", which has moved to " + movedKeys.get(key) : "")));
      throw new ConfigException(unknown.firstKey(), "Cannot load " + source + ": unknown key"
          + (unknown.size() > 1 ? "s " : " ") + String.join(", ", listed) + ". Valid keys: "
          + String.join(", ", keyTypes.keySet()) + ". Correct or remove the unknown keys.");
    }
  }

  /** Adds every path under {@code object} that is neither a key nor a block, with where it was set. */
  private void collectUnknown(ConfigObject object, String prefix, Map<String, String> unknown) {
    for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
      String path = join(prefix, entry.getKey());
      ConfigValue value = entry.getValue();
      if (keyTypes.containsKey(path)) {
        continue; // its type is checked when the key is read
      }
      if (value instanceof ConfigObject && isOpenBlock(path)) {
        continue; // an open block: its reader checks its keys
      }
      if (!blocks.contains(path)) {
        unknown.put(path, value.origin().description());
      } else if (value instanceof ConfigObject block) {
        collectUnknown(block, path, unknown);
      } else {
        throw ConfigException.invalid(path, "a block of settings in braces", ConfigReader.describe(value));
      }
    }
  }

  private static void collectLeaves(ConfigObject object, String prefix, Map<String, ConfigValueType> leaves) {
    for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
      String path = join(prefix, entry.getKey());
      if (entry.getValue() instanceof ConfigObject block) {
        collectLeaves(block, path, leaves);
      } else {
        leaves.put(path, entry.getValue().valueType());
      }
    }
  }

  /** Quotes a key element that needs it, so {@code "data.source" = x} is not mistaken for {@code data.source}. */
  private static String join(String prefix, String element) {
    String quoted = ConfigUtil.joinPath(element);
    return prefix.isEmpty() ? quoted : prefix + "." + quoted;
  }
}
