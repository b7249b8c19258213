package sparkgan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkgan.LocalSpark;
import sparkgan.table.ImageDataset;

/** The README's demo command and submit/local.sh, run as a user runs them. */
@LocalSpark
class LocalSubmitIT {
  @TempDir
  Path dir;

  @Test
  void demoIngestsTheBundledSampleTrainsWithTwoWorkersAndPrintsSummaries(SparkSession spark) throws Exception {
    Launch.Outcome demo = Launch.script(dir, Map.of(), "demo.sh", dir.resolve("demo").toString());
    assertEquals(0, demo.exitCode(), demo.output());
    assertTrue(demo.output().contains("ingested 10000 images (0 rejected)"), demo.output());
    assertTrue(demo.output().contains("|test |9    |Ankle boot |1000  |"), demo.output());
    assertTrue(demo.output().contains("step 300/300"), demo.output());
    assertTrue(demo.output().contains("throughput_img_s="), demo.output());

    Path dataset = dir.resolve("demo/fashion-mnist-test");
    ImageDataset.open(spark, dataset.toString()).rows().createOrReplaceTempView("fashion");
    List<Row> perClass = spark.sql("SELECT label, label_name, COUNT(*) FROM fashion GROUP BY label, label_name "
        + "ORDER BY label").collectAsList();
    assertEquals(10, perClass.size());
    for (Row row : perClass) {
      assertEquals(1000L, row.getLong(2), "images of class " + row.getString(1));
    }
    assertEquals("T-shirt/top", perClass.get(0).getString(1));

    Path runs = dir.resolve("demo/runs/dcgan-fashion-mnist");
    List<Path> trials;
    try (var listing = Files.list(runs)) {
      trials = listing.toList();
    }
    assertEquals(1, trials.size(), trials.toString());
    Path trial = trials.get(0);
    for (String file : List.of("config.conf", "samples/step=300.png", "samples/progress.gif",
        "checkpoints/step=300/state.bin", "checkpoints/step=300/_COMPLETE", "checkpoints/step=200/_COMPLETE")) {
      assertTrue(Files.isRegularFile(trial.resolve(file)), "missing " + file);
    }
    assertEquals(2 * 300, spark.read().parquet(trial.resolve("metrics/steps").toString()).where("metric = 'loss_g'")
        .count(), "a loss_g row per step and worker");

    // The demo is safe to re-run (shortened here): same dataset content, a second trial beside the first.
    String hash = ImageDataset.open(spark, dataset.toString()).manifest().contentSha256();
    Thread.sleep(1100); // trial ids are the start second
    Launch.Outcome again = Launch.script(dir, Map.of("SPARKGAN_DEMO_STEPS", "10"), "demo.sh",
        dir.resolve("demo").toString());
    assertEquals(0, again.exitCode(), again.output());
    assertEquals(hash, ImageDataset.open(spark, dataset.toString()).manifest().contentSha256());
    try (var listing = Files.list(runs)) {
      assertEquals(2, listing.count());
    }
  }

  @Test
  void badInputAndExistingOutputFailWithMessagesAndExitCodes() throws Exception {
    Path sample = Launch.projectDir().resolve("notebooks-data/fashion-mnist");
    Path output = dir.resolve("out");
    Files.createDirectories(output);

    Launch.Outcome exists = Launch.script(dir, Map.of(), "local.sh", "ingest", "--format", "idx", "--input",
        sample.toString(), "--output", output.toString());
    assertEquals(1, exists.exitCode(), exists.output());
    assertTrue(exists.output().contains("ingest failed: Cannot ingest into " + output + ": it already exists."),
        exists.output());

    Launch.Outcome format = Launch.script(dir, Map.of(), "local.sh", "ingest", "--format", "png", "--input",
        sample.toString(), "--output", dir.resolve("other").toString());
    assertEquals(2, format.exitCode(), format.output());
    assertTrue(format.output().contains("--format must be one of [idx, cifar, images], got 'png'"), format.output());

    Path broken = dir.resolve("broken");
    Files.createDirectories(broken);
    Files.copy(sample.resolve("t10k-labels-idx1-ubyte.gz"), broken.resolve("t10k-labels-idx1-ubyte.gz"));
    Files.write(broken.resolve("t10k-images-idx3-ubyte.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
    Launch.Outcome corrupt = Launch.script(dir, Map.of(), "local.sh", "ingest", "--format", "idx", "--input",
        broken.toString(), "--output", dir.resolve("never").toString());
    assertEquals(1, corrupt.exitCode(), corrupt.output());
    assertTrue(corrupt.output().contains("t10k-images-idx3-ubyte.gz"), corrupt.output());
    assertFalse(Files.exists(dir.resolve("never")));
  }

  @Test
  void fitLocalTrainsTheRingWithoutSparkAndWritesTheRunLayout() throws Exception {
    Path runs = dir.resolve("runs");
    Launch.Outcome fit = Launch.script(dir, Map.of(), "local.sh", "fit-local", "--config",
        Launch.projectDir().resolve("conf/experiments/ring8.conf").toString(), "--steps", "40",
        "--set", "train.sample-every=20", "--output", runs.toString(), "--trial", "it");
    assertEquals(0, fit.exitCode(), fit.output());
    assertTrue(fit.output().contains("trained 40 steps"), fit.output());
    Path trial = runs.resolve("ring8/it");
    for (String file : List.of("config.conf", "samples/step=20.png", "samples/step=40.png", "samples/progress.gif",
        "metrics/steps/upto-000000000040.parquet", "metrics/rounds/upto-000000000040.parquet",
        "checkpoints/step=40/state.bin", "checkpoints/step=40/provenance.json", "checkpoints/step=40/config.conf",
        "checkpoints/step=40/_COMPLETE")) {
      assertTrue(Files.isRegularFile(trial.resolve(file)), "missing " + file);
    }
    assertTrue(Files.readString(trial.resolve("checkpoints/step=40/provenance.json")).contains("run.config-sha256"));

    Launch.Outcome again = Launch.script(dir, Map.of(), "local.sh", "fit-local", "--config",
        Launch.projectDir().resolve("conf/experiments/ring8.conf").toString(), "--steps", "40",
        "--set", "train.sample-every=20", "--output", runs.toString(), "--trial", "it");
    assertEquals(1, again.exitCode(), again.output());
    assertTrue(again.output().contains("already exists"), again.output());

    Launch.Outcome badClass = Launch.script(dir, Map.of(), "local.sh", "fit-local", "--config",
        Launch.projectDir().resolve("conf/experiments/ring8.conf").toString(), "--set", "gan.class=no.such.Gan");
    assertEquals(2, badClass.exitCode(), badClass.output());
    assertTrue(badClass.output().contains("gan.class must be one of [minimax, non-saturating, hinge, wasserstein, "
        + "wgan-gp, least-squares] or the name of a class implementing sparkgan.model.Gan, got 'no.such.Gan'"),
        badClass.output());
  }
}
