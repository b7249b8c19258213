package sparkgan.train;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import sparkgan.model.ArchitectureSettings;
import sparkgan.model.GanSettings;
import sparkgan.model.optim.OptimizerSettings;

/** Shared set-up of the 8-Gaussians experiments: small MLPs, batch 256, a fixed seed. */
final class RingTraining {
  static final double RADIUS = 2.0;
  static final double STD = 0.02;
  static final int SAMPLES = 2500;

  private RingTraining() {}

  static final int HIDDEN = Integer.getInteger("ring.hidden", 128);
  static final int BATCH = Integer.getInteger("ring.batch", 256);

  static ArchitectureSettings mlp() {
    return new ArchitectureSettings("mlp", 16, 1, 1, List.of(HIDDEN, HIDDEN),
        List.of(HIDDEN, HIDDEN), 0.0, false);
  }

  static GanTraining training(GanSettings gan, OptimizerSettings optimizer, long steps, long seed) {
    ScheduleSettings schedule = new ScheduleSettings(steps,
        ScheduleSettings.LearningRateDecay.valueOf(System.getProperty("ring.decay", "LINEAR")),
        Double.parseDouble(System.getProperty("ring.ema", "0.999")), 0, steps, steps);
    return new GanTraining(new GanTraining.Setup(seed, DataType.FLOAT, BATCH, mlp(), gan, optimizer, optimizer,
        schedule), new RingOfGaussians(RADIUS, STD));
  }

  static RingOfGaussians.Coverage train(GanTraining training, long steps) {
    for (long i = 0; i < steps; i++) {
      training.trainStep();
    }
    RingOfGaussians ring = new RingOfGaussians(RADIUS, STD);
    return ring.coverage(training.sample(training.latent(SAMPLES)));
  }
}
