package sparkgan.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The number of classes a split's labels index, as a classifier or a conditional GAN sizes its outputs. */
class DatasetManifestTest {

  private static DatasetManifest manifest(Map<String, Map<String, Long>> labelCounts, Map<Integer, String> names) {
    SortedMap<String, SortedMap<String, Long>> counts = new TreeMap<>();
    labelCounts.forEach((split, perLabel) -> counts.put(split, new TreeMap<>(perLabel)));
    return new DatasetManifest(DatasetManifest.FORMAT_VERSION, "idx", "in", 9, 0,
        new TreeMap<>(Map.of("train", 6L, "test", 3L)), counts, new TreeMap<>(names), 2, 2, 1, List.of(0.5),
        List.of(0.1), new TreeMap<>(), "0".repeat(64), "test", "2026-01-01T00:00:00Z", new TreeMap<>());
  }

  @Test
  void classesSpanEverySplitAndEveryNameAndAreZeroForAnyUnlabelledImage() {
    // Train holds labels 0 and 2 only; test holds 4: a model trained on train still needs 5 outputs.
    DatasetManifest manifest = manifest(Map.of("train", Map.of("0", 5L, "2", 1L), "test", Map.of("4", 3L)), Map.of());
    assertEquals(5, manifest.classes("train"));
    assertEquals(5, manifest.classes("test"));
    assertEquals(0, manifest.classes("validation"), "no such split");
    // Names beyond the largest label seen count: labels.txt names the classes.
    assertEquals(7, manifest(Map.of("train", Map.of("0", 6L)), Map.of(0, "a", 6, "g")).classes("train"));
    // One unlabelled image makes a split unusable for labels, not the other splits.
    DatasetManifest partly = manifest(Map.of("train", Map.of("0", 5L, "none", 1L), "test", Map.of("1", 3L)), Map.of());
    assertEquals(0, partly.classes("train"));
    assertEquals(2, partly.classes("test"));
  }
}
