package sparkgan.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkgan.LocalSpark;
import sparkgan.SparkGanActions;
import sparkgan.table.CommitFailedException;
import sparkgan.table.DatasetManifest;
import sparkgan.table.IfExists;
import sparkgan.table.ImageDataset;
import sparkgan.table.ImageRecord;

/** End-to-end ingest on local Spark over small generated files in every source format. */
@LocalSpark
class IngestActionTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  private IngestResult ingest(SparkSession spark, DatasetFormat format, Path input, Path output, IfExists ifExists) {
    return ingest(spark, new IngestConfig(format, input.toString(), output.toString(), OptionalInt.empty(),
        OptionalInt.empty(), ifExists, IngestConfig.RejectPolicy.COLLECT));
  }

  private static IngestResult ingest(SparkSession spark, IngestConfig config) {
    return SparkGanActions.get(spark, CLOCK).ingest(config).execute();
  }

  private static Map<String, ImageRecord> readBack(SparkSession spark, Path output) {
    Map<String, ImageRecord> byId = new HashMap<>();
    for (Row row : ImageDataset.open(spark, output.toString()).rows().collectAsList()) {
      ImageRecord record = ImageRecord.fromRow(row);
      byId.put(record.id(), record);
    }
    return byId;
  }

  /** Writes train (plain) and test (gzip) IDX pairs; returns {train images, test images}. */
  private Path writeIdx(byte[][] train, int[] trainLabels, byte[][] test, int[] testLabels) throws IOException {
    Path input = dir.resolve("idx");
    SourceFixtures.writeIdxImages(input.resolve("train-images-idx3-ubyte"), train, 5, 4);
    SourceFixtures.writeIdxLabels(input.resolve("train-labels-idx1-ubyte"), trainLabels);
    SourceFixtures.writeIdxImages(input.resolve("t10k-images-idx3-ubyte.gz"), test, 5, 4);
    SourceFixtures.writeIdxLabels(input.resolve("t10k-labels-idx1-ubyte.gz"), testLabels);
    return input;
  }

  @Test
  void idxRoundTripIsExactAndManifestCountsAndHashesAreRight(SparkSession spark) throws IOException {
    byte[][] train = SourceFixtures.randomImages(23, 20, 1);
    int[] trainLabels = SourceFixtures.labels(23, 3, 2);
    byte[][] test = SourceFixtures.randomImages(7, 20, 3);
    int[] testLabels = SourceFixtures.labels(7, 3, 4);
    Path input = writeIdx(train, trainLabels, test, testLabels);
    Files.writeString(input.resolve("labels.txt"), "zero\none\ntwo\n");
    Path output = dir.resolve("out");

    IngestResult result = ingest(spark, DatasetFormat.IDX, input, output, IfExists.FAIL);

    Map<String, ImageRecord> rows = readBack(spark, output);
    assertEquals(30, rows.size());
    for (int i = 0; i < train.length; i++) {
      ImageRecord r = rows.get(String.format("train-%08d", i));
      assertArrayEquals(train[i], r.pixels(), "train pixels of record " + i);
      assertEquals(trainLabels[i], r.label());
      assertEquals(List.of("zero", "one", "two").get(trainLabels[i]), r.labelName());
      assertEquals(5, r.height());
      assertEquals(4, r.width());
      assertEquals(1, r.channels());
      assertEquals("train", r.split());
    }
    for (int i = 0; i < test.length; i++) {
      ImageRecord r = rows.get(String.format("test-%08d", i));
      assertArrayEquals(test[i], r.pixels(), "test pixels of record " + i);
      assertEquals(testLabels[i], r.label());
    }

    DatasetManifest manifest = result.manifest();
    assertEquals(manifest, ImageDataset.open(spark, output.toString()).manifest(), "manifest on disk");
    assertEquals(Map.of("train", 23L, "test", 7L), manifest.splitCounts());
    for (int label = 0; label < 3; label++) {
      int l = label;
      assertEquals(java.util.Arrays.stream(trainLabels).filter(x -> x == l).count(), manifest.count("train", label));
    }
    assertEquals(Map.of(0, "zero", 1, "one", 2, "two"), manifest.labelNames());
    assertEquals(List.of(5, 4, 1), List.of(manifest.height(), manifest.width(), manifest.channels()));
    assertEquals(sha256(input.resolve("train-images-idx3-ubyte")), manifest.sourceSha256().get("train-images-idx3-ubyte"));
    assertEquals(sha256(input.resolve("t10k-labels-idx1-ubyte.gz")), manifest.sourceSha256().get("t10k-labels-idx1-ubyte.gz"));
    assertEquals(5, manifest.sourceSha256().size(), "four IDX files and labels.txt");
    assertEquals(expectedMean(train, test), manifest.channelMean().get(0), 1e-12);
    assertEquals("2026-01-02T03:04:05Z", manifest.createdAt());
    assertEquals("idx", manifest.format());
    assertEquals(64, manifest.contentSha256().length());
  }

  private static double expectedMean(byte[][]... sets) {
    double sum = 0;
    long n = 0;
    for (byte[][] set : sets) {
      for (byte[] image : set) {
        for (byte b : image) {
          sum += b & 0xFF;
          n++;
        }
      }
    }
    return sum / n / 255.0;
  }

  @Test
  void rerunWithOverwriteGivesTheSameContentHashAndChangedDataDoesNot(SparkSession spark) throws IOException {
    byte[][] train = SourceFixtures.randomImages(12, 20, 5);
    int[] labels = SourceFixtures.labels(12, 10, 6);
    Path input = writeIdx(train, labels, SourceFixtures.randomImages(3, 20, 7), SourceFixtures.labels(3, 10, 8));
    Path output = dir.resolve("out");
    String first = ingest(spark, DatasetFormat.IDX, input, output, IfExists.FAIL).contentSha256();

    String again = ingest(spark, DatasetFormat.IDX, input, output, IfExists.REPLACE).contentSha256();
    assertEquals(first, again);
    assertEquals(first, ImageDataset.open(spark, output.toString()).manifest().contentSha256());

    train[4][7] ^= 1; // one bit of one pixel
    SourceFixtures.writeIdxImages(input.resolve("train-images-idx3-ubyte"), train, 5, 4);
    String changed = ingest(spark, DatasetFormat.IDX, input, output, IfExists.REPLACE).contentSha256();
    assertNotEquals(first, changed);
    assertNoStagingLeft(dir);
  }

  @Test
  void existingOutputIsRefusedWithoutOverwriteAndLeftUntouched(SparkSession spark) throws IOException {
    Path input = writeIdx(SourceFixtures.randomImages(2, 20, 9), new int[] {0, 1},
        SourceFixtures.randomImages(1, 20, 10), new int[] {1});
    Path output = dir.resolve("out");
    Files.createDirectories(output);
    Files.writeString(output.resolve("keep.txt"), "mine");

    CommitFailedException e = assertThrows(CommitFailedException.class,
        () -> ingest(spark, DatasetFormat.IDX, input, output, IfExists.FAIL));
    assertTrue(e.getMessage().startsWith("Cannot ingest into " + output + ": it already exists."), e.getMessage());
    assertEquals("mine", Files.readString(output.resolve("keep.txt")));
    assertNoStagingLeft(dir);
  }

  @Test
  void cifar10FolderAndArchiveGiveTheSameExactTable(SparkSession spark) throws IOException {
    byte[][] batch1 = SourceFixtures.randomImages(4, CifarSource.PIXEL_BYTES, 11);
    byte[][] batch2 = SourceFixtures.randomImages(3, CifarSource.PIXEL_BYTES, 12);
    byte[][] testBatch = SourceFixtures.randomImages(2, CifarSource.PIXEL_BYTES, 13);
    int[] labels1 = {0, 9, 3, 3};
    int[] labels2 = {1, 2, 8};
    int[] testLabels = {7, 5};
    String names = "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n";
    Map<String, byte[]> files = new java.util.LinkedHashMap<>();
    files.put("batches.meta.txt", names.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    files.put("data_batch_2.bin", SourceFixtures.cifarFile(batch2, null, labels2));
    files.put("data_batch_1.bin", SourceFixtures.cifarFile(batch1, null, labels1));
    files.put("test_batch.bin", SourceFixtures.cifarFile(testBatch, null, testLabels));
    Path folder = dir.resolve("cifar-10-batches-bin");
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      SourceFixtures.write(folder.resolve(file.getKey()), file.getValue());
    }
    Path archive = dir.resolve("cifar-10-binary.tar.gz");
    SourceFixtures.writeTarGz(archive, files.entrySet().stream()
        .map(f -> Map.entry("cifar-10-batches-bin/" + f.getKey(), f.getValue())).toList());

    IngestResult fromFolder = ingest(spark, DatasetFormat.CIFAR, folder, dir.resolve("a"), IfExists.FAIL);
    IngestResult fromArchive = ingest(spark, DatasetFormat.CIFAR, archive, dir.resolve("b"), IfExists.FAIL);

    Map<String, ImageRecord> rows = readBack(spark, dir.resolve("b"));
    assertEquals(9, rows.size());
    // Batch 1 comes first in the train split whatever the listing order: ids follow the official order.
    assertCifarImage(rows.get("train-00000001"), batch1[1], 9, "truck");
    assertCifarImage(rows.get("train-00000004"), batch2[0], 1, "automobile");
    assertCifarImage(rows.get("test-00000001"), testBatch[1], 5, "dog");
    assertEquals(fromFolder.contentSha256(), fromArchive.contentSha256());
    assertEquals(Map.of("train", 7L, "test", 2L), fromArchive.manifest().splitCounts());
    assertEquals(sha256(archive), fromArchive.manifest().sourceSha256().get("cifar-10-binary.tar.gz"));
  }

  private static void assertCifarImage(ImageRecord r, byte[] chw, int label, String name) {
    assertEquals(label, r.label());
    assertEquals(name, r.labelName());
    assertEquals(3, r.channels());
    int plane = 32 * 32;
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        assertEquals(chw[c * plane + p], r.pixels()[p * 3 + c], "pixel " + p + " channel " + c);
      }
    }
  }

  @Test
  void cifar100KeepsFineAndCoarseLabels(SparkSession spark) throws IOException {
    byte[][] train = SourceFixtures.randomImages(3, CifarSource.PIXEL_BYTES, 14);
    byte[][] test = SourceFixtures.randomImages(1, CifarSource.PIXEL_BYTES, 15);
    Path folder = dir.resolve("cifar-100-binary");
    SourceFixtures.write(folder.resolve("train.bin"), SourceFixtures.cifarFile(train, new int[] {4, 19, 0}, new int[] {99, 0, 42}));
    SourceFixtures.write(folder.resolve("test.bin"), SourceFixtures.cifarFile(test, new int[] {7}, new int[] {3}));
    StringBuilder fine = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      fine.append("fine").append(i).append('\n');
    }
    Files.writeString(folder.resolve("fine_label_names.txt"), fine);
    Files.writeString(folder.resolve("coarse_label_names.txt"), String.join("\n", java.util.stream.IntStream.range(0, 20)
        .mapToObj(i -> "coarse" + i).toList()));

    ingest(spark, DatasetFormat.CIFAR, folder, dir.resolve("out"), IfExists.FAIL);

    ImageRecord r = readBack(spark, dir.resolve("out")).get("train-00000001");
    assertEquals(0, r.label());
    assertEquals("fine0", r.labelName());
    assertEquals(19, r.coarseLabel());
    assertEquals("coarse19", r.coarseLabelName());
    assertEquals(train[1][5], r.pixels()[15], "pixel 5 of the red plane is the red byte of pixel 5");
  }

  @Test
  void imageFolderDecodesOnExecutorsAndCollectsRejects(SparkSession spark) throws IOException {
    Path input = dir.resolve("images");
    byte[] rgb = SourceFixtures.randomImages(1, 8 * 8 * 3, 16)[0];
    byte[] grey = SourceFixtures.randomImages(1, 8 * 8, 17)[0];
    SourceFixtures.writeRgbImage(input.resolve("cats/a.png"), 8, 8, rgb, "png");
    SourceFixtures.writeRgbImage(input.resolve("cats/b.bmp"), 8, 8, rgb, "bmp");
    SourceFixtures.writeRgbImage(input.resolve("dogs/c.jpg"), 12, 16, SourceFixtures.randomImages(1, 12 * 16 * 3, 18)[0], "jpg");
    SourceFixtures.writeGreyPng(input.resolve("dogs/d.png"), 8, 8, grey);
    Files.writeString(input.resolve("dogs/broken.png"), "this is not a PNG");
    Files.writeString(input.resolve("notes.txt"), "not an image: skipped");
    Files.createDirectories(input.resolve(".hidden"));
    Files.writeString(input.resolve(".hidden/x.png"), "skipped: hidden");

    IngestResult result = ingest(spark, new IngestConfig(DatasetFormat.IMAGES, input.toString(),
        dir.resolve("out").toString(), OptionalInt.of(8), OptionalInt.empty(), IfExists.FAIL,
        IngestConfig.RejectPolicy.COLLECT));

    assertEquals(4, result.rows());
    assertEquals(1, result.rejects());
    Map<String, ImageRecord> rows = readBack(spark, dir.resolve("out"));
    assertArrayEquals(rgb, rows.get("cats/a.png").pixels(), "PNG at the target size passes through exactly");
    assertArrayEquals(rgb, rows.get("cats/b.bmp").pixels());
    assertEquals(0, rows.get("cats/a.png").label());
    assertEquals("dogs", rows.get("dogs/d.png").labelName());
    byte[] greyAsRgb = rows.get("dogs/d.png").pixels();
    for (int p = 0; p < 64; p++) {
      assertEquals(grey[p], greyAsRgb[3 * p], "grey value repeated into R");
      assertEquals(grey[p], greyAsRgb[3 * p + 2], "and into B");
    }
    assertEquals(List.of(8, 8, 3), List.of(rows.get("dogs/c.jpg").height(), rows.get("dogs/c.jpg").width(),
        rows.get("dogs/c.jpg").channels()));
    List<Row> rejects = spark.read().parquet(dir.resolve("out").resolve(ImageDataset.REJECTS_DIR).toString()).collectAsList();
    assertEquals(1, rejects.size());
    assertTrue(rejects.get(0).getString(0).endsWith("dogs/broken.png"));
    assertTrue(rejects.get(0).getString(1).startsWith("not a PNG, JPEG, BMP or GIF image"), rejects.get(0).getString(1));
    assertEquals(Map.of(0, "cats", 1, "dogs"), result.manifest().labelNames());
  }

  @Test
  void failOnRejectStopsTheRunAndLeavesNothing(SparkSession spark) throws IOException {
    Path input = dir.resolve("images");
    SourceFixtures.writeRgbImage(input.resolve("a.png"), 4, 4, new byte[48], "png");
    Files.writeString(input.resolve("b.jpg"), "garbage");
    Path output = dir.resolve("out");

    InvalidSourceException e = assertThrows(InvalidSourceException.class, () -> ingest(spark,
        new IngestConfig(DatasetFormat.IMAGES, input.toString(), output.toString(), OptionalInt.of(4),
            OptionalInt.of(1), IfExists.FAIL, IngestConfig.RejectPolicy.FAIL)));
    assertTrue(e.getMessage().contains("b.jpg"), e.getMessage());
    assertFalse(Files.exists(output));
    assertNoStagingLeft(dir);
  }

  @Test
  void idxResizedAndConvertedWhenAsked(SparkSession spark) throws IOException {
    Path input = writeIdx(SourceFixtures.randomImages(2, 20, 19), new int[] {0, 1},
        SourceFixtures.randomImages(1, 20, 20), new int[] {0});
    ingest(spark, new IngestConfig(DatasetFormat.IDX, input.toString(), dir.resolve("out").toString(),
        OptionalInt.of(8), OptionalInt.of(3), IfExists.FAIL, IngestConfig.RejectPolicy.COLLECT));
    ImageRecord r = readBack(spark, dir.resolve("out")).get("train-00000000");
    assertEquals(List.of(8, 8, 3), List.of(r.height(), r.width(), r.channels()));
    assertNull(r.coarseLabel());
  }

  static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Nothing of a staging folder may survive a run, successful or not. */
  static void assertNoStagingLeft(Path parent) throws IOException {
    try (Stream<Path> files = Files.list(parent)) {
      List<String> leftovers = files.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(".staging-") || n.contains(".replaced-")).toList();
      assertEquals(List.of(), leftovers);
    }
  }
}
