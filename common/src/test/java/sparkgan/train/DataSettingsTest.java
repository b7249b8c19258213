package sparkgan.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import sparkgan.config.ConfigException;

class DataSettingsTest {

  @Test
  void heldOutSetsHaveTheirFractionAndNest() {
    int n = 20_000;
    int atTenth = 0;
    int atQuarter = 0;
    for (int i = 0; i < n; i++) {
      String id = String.format("train-%08d", i); // ids as ingest writes them: sequential, similar strings
      boolean tenth = DataSettings.heldOut(id, 0.1);
      boolean quarter = DataSettings.heldOut(id, 0.25);
      assertTrue(!tenth || quarter, id + " is held out at 0.1 but not at 0.25");
      atTenth += tenth ? 1 : 0;
      atQuarter += quarter ? 1 : 0;
      assertFalse(DataSettings.heldOut(id, 0), "nothing is held out at 0");
    }
    // Binomial standard deviations: 42 and 61 images; allow five.
    assertEquals(0.1 * n, atTenth, 5 * Math.sqrt(n * 0.1 * 0.9));
    assertEquals(0.25 * n, atQuarter, 5 * Math.sqrt(n * 0.25 * 0.75));
  }

  @Test
  void aHoldoutOutsideZeroToOneIsRefused() {
    assertThrows(ConfigException.class, () -> new DataSettings("/d", "train", 8, 2.0, 0.02, 1.0));
    assertThrows(ConfigException.class, () -> new DataSettings("/d", "train", 8, 2.0, 0.02, -0.1));
  }
}
