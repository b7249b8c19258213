package sparkgan.gan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import sparkgan.config.PluginClasses;
import sparkgan.model.Gan;
import sparkgan.model.GanSettings;
import sparkgan.model.objective.Hinge;
import sparkgan.model.objective.LeastSquares;
import sparkgan.model.objective.Minimax;
import sparkgan.model.objective.NonSaturating;

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
    BUILT_IN.put("ssgan", SsGan::new);
    BUILT_IN.put("cgan-pd", ProjectionGan::new);
    BUILT_IN.put("classifier", ClassifierGan::new);
  }

  private GanRegistry() {}

  /** The built-in short names. */
  public static List<String> names() {
    return List.copyOf(BUILT_IN.keySet());
  }

  /**
   * Creates the GAN {@code settings.ganClass()} names; every failure is a {@link sparkgan.config.ConfigException}
   * on gan.class or on a key of the GAN's block. The GAN reads its block as it is created, so afterwards
   * {@code settings.options()} knows which keys it read.
   */
  public static Gan create(GanSettings settings) {
    Function<GanSettings, Gan> builtIn = BUILT_IN.get(settings.ganClass());
    return builtIn != null ? builtIn.apply(settings)
        : PluginClasses.create("gan.class", settings.ganClass(), Gan.class, names(), GanSettings.class, settings);
  }
}
