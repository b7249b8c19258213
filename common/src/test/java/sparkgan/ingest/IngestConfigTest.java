package sparkgan.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import sparkgan.config.ConfigException;
import sparkgan.table.IfExists;

class IngestConfigTest {

  private static IngestConfig config(DatasetFormat format, String input, String output, OptionalInt size,
      OptionalInt channels) {
    return new IngestConfig(format, input, output, size, channels, IfExists.FAIL, IngestConfig.RejectPolicy.COLLECT);
  }

  private static ConfigException rejected(DatasetFormat format, String input, String output, OptionalInt size,
      OptionalInt channels) {
    return assertThrows(ConfigException.class, () -> config(format, input, output, size, channels));
  }

  @Test
  void eachRuleNamesTheOptionTheRuleAndTheValue() {
    OptionalInt none = OptionalInt.empty();
    assertEquals("--image-size must be in [4, 4096], got 2",
        rejected(DatasetFormat.IDX, "in", "out", OptionalInt.of(2), none).getMessage());
    assertEquals("--channels must be 1 or 3, got 2",
        rejected(DatasetFormat.IDX, "in", "out", none, OptionalInt.of(2)).getMessage());
    assertEquals("--input must be a path, got ' '", rejected(DatasetFormat.IDX, " ", "out", none, none).getMessage());
    assertEquals("--output must be a path, got null",
        rejected(DatasetFormat.IDX, "in", null, none, none).getMessage());
    ConfigException size = rejected(DatasetFormat.IMAGES, "in", "out", none, none);
    assertEquals("--image-size", size.key());
    assertEquals("--output must differ from --input, got 'd' for both",
        rejected(DatasetFormat.CIFAR, "d", "d", none, none).getMessage());
  }

  @Test
  void provenanceRecordsEverySetting() {
    IngestConfig config = config(DatasetFormat.IMAGES, "in", "out", OptionalInt.of(64), OptionalInt.empty());
    assertEquals(Map.of("ingest.format", "images", "ingest.input", "in", "ingest.output", "out",
        "ingest.image-size", "64", "ingest.channels", "source", "ingest.rejects", "collect"), config.provenance());
    assertEquals(3, config.channelsFor(3));
    assertEquals(1, config(DatasetFormat.IDX, "a", "b", OptionalInt.empty(), OptionalInt.of(1)).channelsFor(3));
  }
}
