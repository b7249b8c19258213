package sparkgan.model;

import java.util.Map;
import java.util.TreeMap;
import sparkgan.config.ConfigException;
import sparkgan.config.OpenBlock;
import sparkgan.config.Provenanced;

/**
 * The {@code gan} block of an experiment: which GAN class trains, the discriminator steps every GAN has, and the
 * GAN's own block {@code gan.<name> { ... }} ({@link #blockName}), whose keys the GAN declares by reading them with
 * its defaults ({@link OpenBlock}).
 *
 * @param ganClass a built-in short name or the fully qualified name of a {@link Gan}
 * @param discriminatorSteps discriminator updates per generator update (n_dis), &gt;= 1
 * @param options the GAN's own block, at {@code gan.<blockName(ganClass)>}
 */
public record GanSettings(String ganClass, int discriminatorSteps, OpenBlock options) implements Provenanced {

  public GanSettings {
    if (ganClass == null || ganClass.isBlank()) {
      throw ConfigException.invalid("gan.class", "a GAN name or a class name", ganClass);
    }
    if (discriminatorSteps < 1) {
      throw ConfigException.invalid("gan.n-dis", ">= 1", discriminatorSteps);
    }
    if (!options.path().equals(blockPath(ganClass))) {
      throw new IllegalArgumentException("options must be the block " + blockPath(ganClass) + ", got "
          + options.path());
    }
  }

  /** One discriminator step and nothing set in the GAN's block: each key at the GAN's default. */
  public static GanSettings of(String ganClass) {
    return new GanSettings(ganClass, 1, new OpenBlock(blockPath(ganClass), Map.of()));
  }

  public GanSettings withDiscriminatorSteps(int steps) {
    return new GanSettings(ganClass, steps, options);
  }

  /** With {@code name = value} set in the GAN's block. */
  public GanSettings with(String name, Object value) {
    Map<String, Object> given = new TreeMap<>(options.given());
    given.put(name, value);
    return new GanSettings(ganClass, discriminatorSteps, new OpenBlock(options.path(), given));
  }

  /** With the block's given values replaced by {@code values}. */
  public GanSettings withOptions(Map<String, ?> values) {
    return new GanSettings(ganClass, discriminatorSteps, new OpenBlock(options.path(), values));
  }

  /**
   * The name of a GAN's block: the short name of a built-in ({@code wgan-gp}), or the simple name of a class in
   * lower case with hyphens ({@code com.example.RotationGan -> rotation-gan}).
   */
  public static String blockName(String ganClass) {
    String simple = ganClass.substring(ganClass.lastIndexOf('.') + 1);
    if (simple.length() == ganClass.length()) {
      return ganClass;
    }
    return simple.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }

  public static String blockPath(String ganClass) {
    return "gan." + blockName(ganClass);
  }

  @Override
  public Map<String, String> provenance() {
    TreeMap<String, String> values = new TreeMap<>();
    values.put("gan.class", ganClass);
    values.put("gan.n-dis", Integer.toString(discriminatorSteps));
    options.given().forEach((name, value) -> values.put(options.key(name), value.toString()));
    return values;
  }
}
