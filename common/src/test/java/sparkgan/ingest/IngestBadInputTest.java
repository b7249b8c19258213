package sparkgan.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkgan.LocalSpark;
import sparkgan.SparkGanActions;
import sparkgan.table.IfExists;

/**
 * Every bad input ends in an exception whose message names the file (and record, where one applies), and leaves
 * neither an output folder nor a staging folder behind.
 */
@LocalSpark
class IngestBadInputTest {
  @TempDir
  Path dir;

  private Path output() {
    return dir.resolve("out");
  }

  /** Runs an ingest that must fail; checks the message and that nothing was left. */
  private RuntimeException failingIngest(SparkSession spark, DatasetFormat format, Path input, String... fragments)
      throws IOException {
    IngestConfig config = new IngestConfig(format, input.toString(), output().toString(),
        format == DatasetFormat.IMAGES ? OptionalInt.of(8) : OptionalInt.empty(), OptionalInt.empty(), IfExists.FAIL,
        IngestConfig.RejectPolicy.COLLECT);
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> SparkGanActions.get(spark).ingest(config).execute());
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), "message should contain '" + fragment + "': " + e.getMessage());
    }
    assertFalse(Files.exists(output()), "no output folder");
    IngestActionTest.assertNoStagingLeft(dir);
    return e;
  }

  private Path idxFolder(byte[][] images, int[] labels, String imagesName) throws IOException {
    Path input = dir.resolve("idx");
    SourceFixtures.writeIdxImages(input.resolve(imagesName), images, 5, 4);
    SourceFixtures.writeIdxLabels(input.resolve("train-labels-idx1-ubyte" + (imagesName.endsWith(".gz") ? ".gz" : "")), labels);
    return input;
  }

  @Test
  void wrongMagicNumber(SparkSession spark) throws IOException {
    Path input = idxFolder(SourceFixtures.randomImages(3, 20, 1), new int[] {0, 1, 2}, "train-images-idx3-ubyte");
    byte[] bytes = Files.readAllBytes(input.resolve("train-images-idx3-ubyte"));
    bytes[3] = 0x01; // 0x00000801 is the labels magic
    Files.write(input.resolve("train-images-idx3-ubyte"), bytes);
    RuntimeException e = failingIngest(spark, DatasetFormat.IDX, input, "train-images-idx3-ubyte",
        "wrong magic number 0x00000801, expected 0x00000803");
    assertTrue(e instanceof InvalidSourceException);
  }

  @Test
  void truncatedPlainIdxNamesTheRecordAndOffset(SparkSession spark) throws IOException {
    Path input = idxFolder(SourceFixtures.randomImages(3, 20, 2), new int[] {0, 1, 2}, "train-images-idx3-ubyte");
    Path images = input.resolve("train-images-idx3-ubyte");
    byte[] bytes = Files.readAllBytes(images);
    Files.write(images, Arrays.copyOf(bytes, bytes.length - 5));
    failingIngest(spark, DatasetFormat.IDX, input, images.getFileName().toString(), "record 2 (byte offset 56)",
        "truncated");
  }

  @Test
  void truncatedGzipIdxIsFoundOnTheExecutors(SparkSession spark) throws IOException {
    // A valid gzip stream of a short IDX file: the header promises 3 images, the data holds 2.
    Path input = dir.resolve("idx");
    byte[][] images = SourceFixtures.randomImages(3, 20, 3);
    Path tmp = dir.resolve("full");
    SourceFixtures.writeIdxImages(tmp, images, 5, 4);
    byte[] full = Files.readAllBytes(tmp);
    SourceFixtures.write(input.resolve("train-images-idx3-ubyte.gz"), Arrays.copyOf(full, full.length - 20));
    SourceFixtures.writeIdxLabels(input.resolve("train-labels-idx1-ubyte.gz"), new int[] {0, 1, 2});
    failingIngest(spark, DatasetFormat.IDX, input, "train-images-idx3-ubyte.gz", "record 2");
  }

  @Test
  void corruptGzip(SparkSession spark) throws IOException {
    Path input = idxFolder(SourceFixtures.randomImages(3, 20, 4), new int[] {0, 1, 2}, "train-images-idx3-ubyte.gz");
    Path images = input.resolve("train-images-idx3-ubyte.gz");
    byte[] bytes = Files.readAllBytes(images);
    for (int i = 12; i < bytes.length - 8; i++) {
      bytes[i] = (byte) 0xA5; // wreck the deflate stream, keep the gzip header
    }
    Files.write(images, bytes);
    failingIngest(spark, DatasetFormat.IDX, input, "train-images-idx3-ubyte.gz", "gzip");
  }

  @Test
  void notGzipAtAll(SparkSession spark) throws IOException {
    Path input = idxFolder(SourceFixtures.randomImages(1, 20, 5), new int[] {0}, "train-images-idx3-ubyte.gz");
    Files.writeString(input.resolve("train-images-idx3-ubyte.gz"), "plain text, not gzip");
    failingIngest(spark, DatasetFormat.IDX, input, "train-images-idx3-ubyte.gz", "corrupt gzip");
  }

  @Test
  void labelCountNotMatchingImageCount(SparkSession spark) throws IOException {
    Path input = idxFolder(SourceFixtures.randomImages(3, 20, 6), new int[] {0, 1}, "train-images-idx3-ubyte");
    failingIngest(spark, DatasetFormat.IDX, input, "train-labels-idx1-ubyte", "2 labels", "3 images");
  }

  @Test
  void labelBeyondTheNamedClasses(SparkSession spark) throws IOException {
    Path input = idxFolder(SourceFixtures.randomImages(3, 20, 7), new int[] {0, 1, 7}, "train-images-idx3-ubyte");
    Files.writeString(input.resolve("labels.txt"), "a\nb\n");
    failingIngest(spark, DatasetFormat.IDX, input, "train-labels-idx1-ubyte", "record 2", "has label 7");
  }

  @Test
  void missingLabelsFile(SparkSession spark) throws IOException {
    Path input = dir.resolve("idx");
    SourceFixtures.writeIdxImages(input.resolve("t10k-images-idx3-ubyte"), SourceFixtures.randomImages(1, 20, 8), 5, 4);
    failingIngest(spark, DatasetFormat.IDX, input, "t10k-images-idx3-ubyte", "no labels file");
  }

  @Test
  void emptyInputFolder(SparkSession spark) throws IOException {
    Files.createDirectories(dir.resolve("empty"));
    failingIngest(spark, DatasetFormat.IDX, dir.resolve("empty"), "empty", "no IDX image files found");
    failingIngest(spark, DatasetFormat.CIFAR, dir.resolve("empty"), "empty", "no CIFAR binary files found");
    failingIngest(spark, DatasetFormat.IMAGES, dir.resolve("empty"), "empty", "no image files");
  }

  @Test
  void missingInput(SparkSession spark) throws IOException {
    failingIngest(spark, DatasetFormat.IDX, dir.resolve("nowhere"), "nowhere", "does not exist");
  }

  @Test
  void truncatedCifarFile(SparkSession spark) throws IOException {
    Path folder = dir.resolve("cifar");
    byte[] file = SourceFixtures.cifarFile(SourceFixtures.randomImages(2, CifarSource.PIXEL_BYTES, 9), null, new int[] {1, 2});
    SourceFixtures.write(folder.resolve("data_batch_1.bin"), Arrays.copyOf(file, file.length - 100));
    failingIngest(spark, DatasetFormat.CIFAR, folder, "data_batch_1.bin", "record 1 (byte offset 3073)");
  }

  @Test
  void cifarLabelOutOfRange(SparkSession spark) throws IOException {
    Path folder = dir.resolve("cifar");
    SourceFixtures.write(folder.resolve("test_batch.bin"),
        SourceFixtures.cifarFile(SourceFixtures.randomImages(2, CifarSource.PIXEL_BYTES, 10), null, new int[] {1, 12}));
    failingIngest(spark, DatasetFormat.CIFAR, folder, "test_batch.bin", "record 1", "has label 12");
  }

  @Test
  void corruptTarGz(SparkSession spark) throws IOException {
    Path archive = dir.resolve("cifar-10-binary.tar.gz");
    byte[] data = SourceFixtures.cifarFile(SourceFixtures.randomImages(3, CifarSource.PIXEL_BYTES, 11), null, new int[] {1, 2, 3});
    SourceFixtures.writeTarGz(archive, List.of(Map.entry("cifar-10-batches-bin/data_batch_1.bin", data)));
    byte[] bytes = Files.readAllBytes(archive);
    Files.write(archive, Arrays.copyOf(bytes, bytes.length / 2));
    failingIngest(spark, DatasetFormat.CIFAR, archive, "cifar-10-binary.tar.gz");
  }

  @Test
  void outputThatCannotBeWritten(SparkSession spark) throws IOException {
    Path input = idxFolder(SourceFixtures.randomImages(1, 20, 12), new int[] {0}, "train-images-idx3-ubyte");
    Path file = dir.resolve("a-file");
    Files.writeString(file, "a file where a folder would have to be");
    IngestConfig config = new IngestConfig(DatasetFormat.IDX, input.toString(), file.resolve("out").toString(),
        OptionalInt.empty(), OptionalInt.empty(), IfExists.FAIL, IngestConfig.RejectPolicy.COLLECT);
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> SparkGanActions.get(spark).ingest(config).execute());
    assertTrue(e.getMessage().startsWith("Cannot write dataset " + file.toUri().toString().replace("file:///", "file:/")),
        e.getMessage());
    assertTrue(Files.isRegularFile(file));
  }
}
