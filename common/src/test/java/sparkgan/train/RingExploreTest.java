package sparkgan.train;

import org.junit.jupiter.api.Test;
import sparkgan.model.GanSettings;
import sparkgan.model.optim.OptimizerSettings;

class RingExploreTest {
  @Test
  void explore() {
    String only = System.getProperty("ring.gan", "non-saturating");
    long steps = Long.getLong("ring.steps", 2000);
    double lr = Double.parseDouble(System.getProperty("ring.lr", "1e-3"));
    double b1 = Double.parseDouble(System.getProperty("ring.b1", "0.5"));
    double b2 = Double.parseDouble(System.getProperty("ring.b2", "0.999"));
    int ndis = Integer.getInteger("ring.ndis", 1);
    for (String gan : only.split(",")) {
      long start = System.nanoTime();
      GanTraining t = RingTraining.training(GanSettings.of(gan).withDiscriminatorSteps(ndis), OptimizerSettings.adam(lr, b1, b2), steps, 1);
      for (long chunk = 0; chunk < steps; chunk += steps / 4) {
        RingOfGaussians.Coverage c = RingTraining.train(t, steps / 4);
        System.out.printf("RING %s step %d modes %d hq %.3f per %s (%.1fs)%n", gan, t.step(), c.modesCovered(),
            c.highQualityShare(), java.util.Arrays.toString(c.highQualityPerMode()), (System.nanoTime() - start) / 1e9);
      }
    }
  }
}
