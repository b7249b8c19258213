package sparkgan.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        "ingest.image-size", "64", "ingest.pad-to", "none", "ingest.channels", "source", "ingest.rejects", "collect"),
        config.provenance());
    assertEquals(3, config.channelsFor(3));
    assertEquals(1, config(DatasetFormat.IDX, "a", "b", OptionalInt.empty(), OptionalInt.of(1)).channelsFor(3));
  }

  private static IngestConfig padded(DatasetFormat format, OptionalInt size, OptionalInt padTo) {
    return new IngestConfig(format, "in", "out", size, padTo, OptionalInt.empty(), IfExists.FAIL,
        IngestConfig.RejectPolicy.COLLECT);
  }

  @Test
  void padToTakesTheImageSizeRangeAndIsNotCombinedWithIt() {
    OptionalInt none = OptionalInt.empty();
    assertEquals("--pad-to must be in [4, 4096], got 3",
        assertThrows(ConfigException.class, () -> padded(DatasetFormat.IDX, none, OptionalInt.of(3))).getMessage());
    assertEquals("--pad-to must be in [4, 4096], got 4097",
        assertThrows(ConfigException.class, () -> padded(DatasetFormat.IDX, none, OptionalInt.of(4097))).getMessage());
    padded(DatasetFormat.IDX, none, OptionalInt.of(4)); // both ends of the range are accepted
    padded(DatasetFormat.CIFAR, none, OptionalInt.of(4096));

    ConfigException both = assertThrows(ConfigException.class,
        () -> padded(DatasetFormat.IDX, OptionalInt.of(32), OptionalInt.of(32)));
    assertEquals("--pad-to", both.key());
    assertTrue(both.getMessage().startsWith("--pad-to and --image-size cannot be combined, got --pad-to 32 and "
        + "--image-size 32: one shape change at a time."), both.getMessage());
  }

  @Test
  void padToGivesImageFoldersTheirOneShapeAndIsRecorded() {
    IngestConfig images = padded(DatasetFormat.IMAGES, OptionalInt.empty(), OptionalInt.of(32));
    assertEquals("32", images.provenance().get("ingest.pad-to"));
    assertEquals("source", images.provenance().get("ingest.image-size"));
    ConfigException neither = assertThrows(ConfigException.class,
        () -> padded(DatasetFormat.IMAGES, OptionalInt.empty(), OptionalInt.empty()));
    assertEquals("--image-size", neither.key());
    assertTrue(neither.getMessage().startsWith("--image-size (or --pad-to) is required"), neither.getMessage());
    assertEquals(OptionalInt.empty(), config(DatasetFormat.IDX, "a", "b", OptionalInt.empty(), OptionalInt.empty())
        .padTo(), "the constructor without padTo does not pad");
  }
}
