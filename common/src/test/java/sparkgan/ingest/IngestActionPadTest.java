package sparkgan.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkgan.LocalSpark;
import sparkgan.SparkGanActions;
import sparkgan.table.IfExists;
import sparkgan.table.ImageDataset;
import sparkgan.table.ImageRecord;

/** End-to-end {@code --pad-to}: every source format, exact centre and black border, and images too large for it. */
@LocalSpark
class IngestActionPadTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  private static IngestConfig config(DatasetFormat format, Path input, Path output, OptionalInt padTo,
      IngestConfig.RejectPolicy rejects) {
    return new IngestConfig(format, input.toString(), output.toString(), OptionalInt.empty(), padTo,
        OptionalInt.empty(), IfExists.FAIL, rejects);
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

  /**
   * Checks that {@code padded} is {@code side x side} with {@code source} (HWC, {@code height x width}) at rows
   * from {@code top} and columns from {@code left}, and 0 in every channel everywhere else.
   */
  private static void assertPadded(byte[] source, int height, int width, int channels, ImageRecord padded, int side,
      int top, int left) {
    assertEquals(List.of(side, side, channels), List.of(padded.height(), padded.width(), padded.channels()),
        padded.id());
    byte[] out = padded.pixels();
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        boolean inside = y >= top && y < top + height && x >= left && x < left + width;
        for (int c = 0; c < channels; c++) {
          byte expected = inside ? source[((y - top) * width + (x - left)) * channels + c] : 0;
          assertEquals(expected, out[(y * side + x) * channels + c],
              padded.id() + " at y=" + y + " x=" + x + " c=" + c + (inside ? " (source)" : " (border)"));
        }
      }
    }
  }

  /** MNIST-like: 28x28 train (plain) and test (gzip) IDX pairs. */
  private Path writeMnistLike(byte[][] train, byte[][] test) throws IOException {
    Path input = dir.resolve("idx");
    SourceFixtures.writeIdxImages(input.resolve("train-images-idx3-ubyte"), train, 28, 28);
    SourceFixtures.writeIdxLabels(input.resolve("train-labels-idx1-ubyte"), SourceFixtures.labels(train.length, 10, 1));
    SourceFixtures.writeIdxImages(input.resolve("t10k-images-idx3-ubyte.gz"), test, 28, 28);
    SourceFixtures.writeIdxLabels(input.resolve("t10k-labels-idx1-ubyte.gz"), SourceFixtures.labels(test.length, 10, 2));
    return input;
  }

  @Test
  void idxPaddedTo32HasTheSourceInTheMiddleAndBlackAround(SparkSession spark) throws IOException {
    byte[][] train = SourceFixtures.randomImages(3, 28 * 28, 31);
    byte[][] test = SourceFixtures.randomImages(2, 28 * 28, 32);
    Path input = writeMnistLike(train, test);

    IngestResult padded = ingest(spark, config(DatasetFormat.IDX, input, dir.resolve("padded"), OptionalInt.of(32),
        IngestConfig.RejectPolicy.COLLECT));

    Map<String, ImageRecord> rows = readBack(spark, dir.resolve("padded"));
    assertEquals(5, rows.size());
    for (int i = 0; i < train.length; i++) {
      assertPadded(train[i], 28, 28, 1, rows.get(String.format("train-%08d", i)), 32, 2, 2);
    }
    for (int i = 0; i < test.length; i++) {
      assertPadded(test[i], 28, 28, 1, rows.get(String.format("test-%08d", i)), 32, 2, 2);
    }
    assertEquals(List.of(32, 32, 1), List.of(padded.manifest().height(), padded.manifest().width(),
        padded.manifest().channels()));
    assertEquals("32", padded.manifest().ingestConfig().get("ingest.pad-to"));
    // The mean covers the black border too: the source sum over 5 * 32 * 32 pixels.
    double sum = 0;
    for (byte[][] set : List.of(train, test)) {
      for (byte[] image : set) {
        for (byte b : image) {
          sum += b & 0xFF;
        }
      }
    }
    assertEquals(sum / (5 * 32 * 32) / 255.0, padded.manifest().channelMean().get(0), 1e-12);

    // Negative control: the same files unpadded stay 28x28 and hash differently.
    IngestResult plain = ingest(spark, config(DatasetFormat.IDX, input, dir.resolve("plain"), OptionalInt.empty(),
        IngestConfig.RejectPolicy.COLLECT));
    assertEquals(28, plain.manifest().height());
    assertEquals("none", plain.manifest().ingestConfig().get("ingest.pad-to"));
    assertNotEquals(plain.contentSha256(), padded.contentSha256());
    // Padding to the source size changes nothing: the same table as without --pad-to.
    IngestResult same = ingest(spark, config(DatasetFormat.IDX, input, dir.resolve("same"), OptionalInt.of(28),
        IngestConfig.RejectPolicy.COLLECT));
    assertEquals(plain.contentSha256(), same.contentSha256());
  }

  @Test
  void idxLargerThanTheCanvasIsRefusedNamingTheFileAndBothSizes(SparkSession spark) throws IOException {
    Path input = writeMnistLike(SourceFixtures.randomImages(2, 28 * 28, 33), SourceFixtures.randomImages(1, 28 * 28, 34));
    Path output = dir.resolve("out");
    InvalidSourceException e = assertThrows(InvalidSourceException.class, () -> ingest(spark,
        config(DatasetFormat.IDX, input, output, OptionalInt.of(27), IngestConfig.RejectPolicy.COLLECT)));
    assertTrue(e.getMessage().contains("-images-idx3-ubyte"), e.getMessage());
    assertTrue(e.getMessage().contains("28x28") && e.getMessage().contains("27x27"), e.getMessage());
    assertFalse(Files.exists(output));
    IngestActionTest.assertNoStagingLeft(dir);
  }

  @Test
  void imageFolderPadsEachImageAndRejectsOneTooLarge(SparkSession spark) throws IOException {
    Path input = dir.resolve("images");
    byte[] small = SourceFixtures.randomImages(1, 7 * 6 * 3, 35)[0];
    byte[] grey = SourceFixtures.randomImages(1, 10 * 9, 36)[0];
    SourceFixtures.writeRgbImage(input.resolve("a/small.png"), 7, 6, small, "png");
    SourceFixtures.writeGreyPng(input.resolve("b/grey.png"), 10, 9, grey);
    SourceFixtures.writeRgbImage(input.resolve("b/big.png"), 11, 4, new byte[11 * 4 * 3], "png");

    IngestResult result = ingest(spark, config(DatasetFormat.IMAGES, input, dir.resolve("out"), OptionalInt.of(10),
        IngestConfig.RejectPolicy.COLLECT));

    assertEquals(2, result.rows());
    assertEquals(1, result.rejects());
    Map<String, ImageRecord> rows = readBack(spark, dir.resolve("out"));
    // 7x6 on 10x10: 3 spare rows, 1 above and 2 below; 4 spare columns, 2 each side.
    assertPadded(small, 7, 6, 3, rows.get("a/small.png"), 10, 1, 2);
    // Grey 10x9, converted to RGB (the images default): 1 spare column, on the right.
    byte[] greyAsRgb = new byte[grey.length * 3];
    for (int p = 0; p < grey.length; p++) {
      greyAsRgb[3 * p] = greyAsRgb[3 * p + 1] = greyAsRgb[3 * p + 2] = grey[p];
    }
    assertPadded(greyAsRgb, 10, 9, 3, rows.get("b/grey.png"), 10, 0, 0);
    List<Row> rejects = spark.read().parquet(dir.resolve("out").resolve(ImageDataset.REJECTS_DIR).toString())
        .collectAsList();
    assertEquals(1, rejects.size());
    assertTrue(rejects.get(0).getString(0).endsWith("b/big.png"), rejects.get(0).getString(0));
    assertTrue(rejects.get(0).getString(1).startsWith("image is 11x4, larger than the 10x10 canvas of --pad-to 10"),
        rejects.get(0).getString(1));
    assertEquals("10", result.manifest().ingestConfig().get("ingest.pad-to"));

    Path failed = dir.resolve("failed");
    InvalidSourceException e = assertThrows(InvalidSourceException.class, () -> ingest(spark,
        config(DatasetFormat.IMAGES, input, failed, OptionalInt.of(10), IngestConfig.RejectPolicy.FAIL)));
    assertTrue(e.getMessage().contains("b/big.png") && e.getMessage().contains("11x4")
        && e.getMessage().contains("10x10"), e.getMessage());
    assertFalse(Files.exists(failed));
    IngestActionTest.assertNoStagingLeft(dir);
  }

  @Test
  void cifarPadsTo34AndRefusesACanvasSmallerThan32(SparkSession spark) throws IOException {
    byte[][] chw = SourceFixtures.randomImages(2, CifarSource.PIXEL_BYTES, 37);
    Path folder = dir.resolve("cifar-10-batches-bin");
    SourceFixtures.write(folder.resolve("test_batch.bin"), SourceFixtures.cifarFile(chw, null, new int[] {3, 4}));

    ingest(spark, config(DatasetFormat.CIFAR, folder, dir.resolve("out"), OptionalInt.of(34),
        IngestConfig.RejectPolicy.COLLECT));
    Map<String, ImageRecord> rows = readBack(spark, dir.resolve("out"));
    int plane = 32 * 32;
    for (int i = 0; i < chw.length; i++) {
      byte[] hwc = new byte[CifarSource.PIXEL_BYTES];
      for (int p = 0; p < plane; p++) {
        for (int c = 0; c < 3; c++) {
          hwc[p * 3 + c] = chw[i][c * plane + p];
        }
      }
      assertPadded(hwc, 32, 32, 3, rows.get(String.format("test-%08d", i)), 34, 1, 1);
    }

    Path output = dir.resolve("small");
    InvalidSourceException e = assertThrows(InvalidSourceException.class, () -> ingest(spark,
        config(DatasetFormat.CIFAR, folder, output, OptionalInt.of(16), IngestConfig.RejectPolicy.COLLECT)));
    assertTrue(e.getMessage().contains("test_batch.bin") && e.getMessage().contains("32x32")
        && e.getMessage().contains("16x16"), e.getMessage());
    assertFalse(Files.exists(output));
    IngestActionTest.assertNoStagingLeft(dir);
  }
}
