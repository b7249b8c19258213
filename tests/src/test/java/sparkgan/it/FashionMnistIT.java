package sparkgan.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalInt;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkgan.LocalSpark;
import sparkgan.SparkGanActions;
import sparkgan.ingest.DatasetFormat;
import sparkgan.ingest.IngestConfig;
import sparkgan.ingest.IngestResult;
import sparkgan.table.DatasetManifest;
import sparkgan.table.IfExists;
import sparkgan.table.ImageDataset;
import sparkgan.table.ImageRecord;
import sparkgan.table.TableStatistics;

/**
 * The real Fashion-MNIST, all 70,000 images, on local[2]: every pixel and label equals the source, each class has
 * 7,000 images over train and test, and the manifest's hashes match independent computations. The dataset is the
 * Debian package dataset-fashion-mnist, which .ci/run installs.
 */
@LocalSpark
class FashionMnistIT {
  static final Path SOURCE = Path.of("/usr/share/datasets/fashion-mnist");

  @TempDir
  Path dir;

  @Test
  void fullFashionMnistIngestsExactly(SparkSession spark) throws Exception {
    assertTrue(Files.isDirectory(SOURCE), "Fashion-MNIST is missing: apt-get install dataset-fashion-mnist");
    Path output = dir.resolve("fashion-mnist");
    IngestResult result = SparkGanActions.get(spark).ingest(new IngestConfig(DatasetFormat.IDX, SOURCE.toString(),
        output.toString(), OptionalInt.empty(), OptionalInt.empty(), IfExists.FAIL,
        IngestConfig.RejectPolicy.COLLECT)).execute();

    Map<String, byte[][]> images = Map.of("train", readImages("train"), "test", readImages("t10k"));
    Map<String, byte[]> labels = Map.of("train", readLabels("train"), "test", readLabels("t10k"));
    TableStatistics independent = new TableStatistics();
    long checked = 0;
    Iterator<Row> rows = ImageDataset.open(spark, output.toString()).rows().toLocalIterator();
    while (rows.hasNext()) {
      ImageRecord r = ImageRecord.fromRow(rows.next());
      int index = Integer.parseInt(r.id().substring(r.split().length() + 1));
      assertArrayEquals(images.get(r.split())[index], r.pixels(), r.id());
      assertEquals(labels.get(r.split())[index] & 0xFF, r.label(), r.id());
      assertEquals(Integer.toString(r.label()), r.labelName(), "no labels.txt beside the system copy: names are numbers");
      independent.add(r);
      checked++;
    }
    assertEquals(70_000, checked);

    DatasetManifest manifest = result.manifest();
    assertEquals(Map.of("train", 60_000L, "test", 10_000L), manifest.splitCounts());
    for (int label = 0; label < 10; label++) {
      assertEquals(7_000, manifest.count("train", label) + manifest.count("test", label), "class " + label);
    }
    for (String file : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
      assertEquals(sha256(SOURCE.resolve(file)), manifest.sourceSha256().get(file), file);
    }
    assertEquals(independent.contentSha256(), manifest.contentSha256(), "hash of the rows as read back");
    // Fashion-MNIST's pixel mean over all 70,000 images is 0.286 (72.94/255), std 0.353.
    assertEquals(0.2860, manifest.channelMean().get(0), 5e-4);
    assertEquals(0.3530, manifest.channelStd().get(0), 5e-4);
  }

  /** An independent IDX reader: header, then 784 bytes per image. */
  private static byte[][] readImages(String prefix) throws IOException {
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(
        SOURCE.resolve(prefix + "-images-idx3-ubyte.gz"))))) {
      assertEquals(0x803, in.readInt());
      byte[][] images = new byte[in.readInt()][in.readInt() * in.readInt()];
      for (byte[] image : images) {
        in.readFully(image);
      }
      return images;
    }
  }

  private static byte[] readLabels(String prefix) throws IOException {
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(
        SOURCE.resolve(prefix + "-labels-idx1-ubyte.gz"))))) {
      assertEquals(0x801, in.readInt());
      byte[] labels = new byte[in.readInt()];
      in.readFully(labels);
      return labels;
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
