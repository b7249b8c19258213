package sparkgan.model;

import java.util.Map;
import java.util.TreeMap;
import sparkgan.config.ConfigException;
import sparkgan.config.Provenanced;

/**
 * The {@code gan} block of an experiment: which GAN class trains, and the settings objectives share.
 *
 * @param ganClass a built-in short name (see {@link GanRegistry}) or the fully qualified name of a {@link Gan}
 * @param discriminatorSteps discriminator updates per generator update (n_dis), &gt;= 1
 * @param realLabel target for real samples in BCE and least-squares losses: 1.0, or 0.9 for one-sided label
 *     smoothing (Salimans et al. 2016), in (0, 1]
 * @param featureMatchingLayer when &gt;= 0, the generator's loss is feature matching at this discriminator layer's
 *     output instead of the objective's generator loss; -1 for off
 * @param gradientPenalty WGAN-GP's penalty weight lambda, &gt; 0 (10 in the paper)
 * @param weightClip WGAN's weight-clipping bound c, &gt; 0 (0.01 in the paper)
 */
public record GanSettings(String ganClass, int discriminatorSteps, double realLabel, int featureMatchingLayer,
    double gradientPenalty, double weightClip) implements Provenanced {

  public GanSettings {
    if (ganClass == null || ganClass.isBlank()) {
      throw ConfigException.invalid("gan.class", "a GAN name " + GanRegistry.names() + " or a class name", ganClass);
    }
    if (discriminatorSteps < 1) {
      throw ConfigException.invalid("gan.n-dis", ">= 1", discriminatorSteps);
    }
    if (!(realLabel > 0 && realLabel <= 1)) {
      throw ConfigException.invalid("gan.real-label", "in (0, 1]", realLabel);
    }
    if (featureMatchingLayer < -1) {
      throw ConfigException.invalid("gan.feature-matching-layer", "-1 (off) or a layer index >= 0", featureMatchingLayer);
    }
    if (!(gradientPenalty > 0)) {
      throw ConfigException.invalid("gan.gradient-penalty", "> 0", gradientPenalty);
    }
    if (!(weightClip > 0)) {
      throw ConfigException.invalid("gan.weight-clip", "> 0", weightClip);
    }
  }

  /** Defaults of the papers: one D step, no smoothing, no feature matching, lambda 10, c 0.01. */
  public static GanSettings of(String ganClass) {
    return new GanSettings(ganClass, 1, 1.0, -1, 10.0, 0.01);
  }

  public GanSettings withDiscriminatorSteps(int steps) {
    return new GanSettings(ganClass, steps, realLabel, featureMatchingLayer, gradientPenalty, weightClip);
  }

  public GanSettings withRealLabel(double label) {
    return new GanSettings(ganClass, discriminatorSteps, label, featureMatchingLayer, gradientPenalty, weightClip);
  }

  public GanSettings withFeatureMatchingLayer(int layer) {
    return new GanSettings(ganClass, discriminatorSteps, realLabel, layer, gradientPenalty, weightClip);
  }

  @Override
  public Map<String, String> provenance() {
    TreeMap<String, String> values = new TreeMap<>();
    values.put("gan.class", ganClass);
    values.put("gan.n-dis", Integer.toString(discriminatorSteps));
    values.put("gan.real-label", Double.toString(realLabel));
    values.put("gan.feature-matching-layer", Integer.toString(featureMatchingLayer));
    values.put("gan.gradient-penalty", Double.toString(gradientPenalty));
    values.put("gan.weight-clip", Double.toString(weightClip));
    return values;
  }
}
