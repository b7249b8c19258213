package sparkgan.evaluate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import sparkgan.config.ConfigException;

class ReportConfigTest {
  private static String refused(String table, String out, int width, int height) {
    return assertThrows(ConfigException.class, () -> new ReportConfig(table, out, width, height)).getMessage();
  }

  @Test
  void badValuesNameTheOptionAndTheValue() {
    assertEquals("--table must be a path, got ' '", refused(" ", "out", 900, 540));
    assertEquals("--out must be a path, got null", refused("t", null, 900, 540));
    assertEquals("--out must be a folder other than --table, got 'results/'", refused("results", "results/", 900,
        540));
    assertEquals("--width must be in [240, 4000], got 239", refused("t", "o", 239, 540));
    assertEquals("--height must be in [240, 4000], got 4001", refused("t", "o", 900, 4001));
  }

  @Test
  void theLimitsThemselvesAndTheDefaultsAreAccepted() {
    assertEquals(240, new ReportConfig("t", "o", 240, 4000).width());
    assertEquals(ReportConfig.DEFAULT_HEIGHT, ReportConfig.of("t", "o").height());
  }
}
