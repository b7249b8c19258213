package sparkgan.train;

import sparkgan.model.Gan;
import sparkgan.model.GanSettings;
import sparkgan.model.StepContext;
import sparkgan.model.StepMetrics;

/**
 * A GAN that is not in the registry, for tests that name a class in {@code gan.class}. It only keeps the settings it
 * was created with and reads one key of its block, {@code gan.settings-recording-gan.weight} (default 0.25); it
 * never trains.
 */
public final class SettingsRecordingGan implements Gan {
  private final GanSettings settings;

  public SettingsRecordingGan(GanSettings settings) {
    this.settings = settings;
    settings.options().number("weight", 0.25);
  }

  public GanSettings settings() {
    return settings;
  }

  @Override
  public StepMetrics trainStep(StepContext ctx) {
    throw new UnsupportedOperationException("a test double: it only checks that gan.class can name any Gan");
  }
}
