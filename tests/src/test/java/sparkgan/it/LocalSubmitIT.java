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
import sparkgan.table.ResultsTable;

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

    // Scores: a classifier trained once, every checkpoint scored, the distance falling as G learns.
    assertTrue(demo.output().contains("test_accuracy="), demo.output());
    assertTrue(demo.output().contains("checkpoints_scored=3"), demo.output());
    assertTrue(demo.output().contains("cells_committed=21"), demo.output());
    Path table = dir.resolve("demo/gan-metrics");
    Map<Long, Double> fcd = new java.util.TreeMap<>();
    for (Row row : ResultsTable.read(spark, table.toString()).where("metric = 'fcd'").collectAsList()) {
      fcd.put(row.getAs("step"), row.getAs("value"));
    }
    assertEquals(List.of(100L, 200L, 300L), List.copyOf(fcd.keySet()), fcd.toString());
    assertTrue(fcd.get(300L) < fcd.get(100L), "the classifier distance falls as training goes on: " + fcd);
    assertTrue(Files.isRegularFile(dir.resolve("demo/report-" + trial.getFileName() + "/index.html")));

    // kill -9 during a sweep leaves no partial row, and the next sweep adds exactly the missing ones, with the
    // same bits as the demo's uninterrupted sweep.
    Path killedTable = dir.resolve("demo/killed-sweep");
    String[] sweep = {"evaluate", "--runs", dir.resolve("demo/runs").toString(), "--table", killedTable.toString(),
        "--extractor", "classifier:" + dir.resolve("demo/classifier"), "--samples", "2000"};
    Launch.Running killed = Launch.start(dir, Map.of(), "local.sh", sweep);
    long deadline = System.nanoTime() + 5L * 60 * 1_000_000_000L;
    while (!killed.output().contains("scored ") && killed.process().isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertTrue(killed.process().isAlive(), "the sweep ended before it could be killed:\n" + killed.output());
    killed.process().destroyForcibly(); // SIGKILL: local.sh execs the JVM
    killed.process().waitFor();
    long survivors = ResultsTable.read(spark, killedTable.toString()).count();
    assertTrue(survivors >= 7 && survivors < 21, survivors + " rows after the kill");
    Launch.Outcome resumed = Launch.script(dir, Map.of(), "local.sh", sweep);
    assertEquals(0, resumed.exitCode(), resumed.output());
    assertTrue(resumed.output().contains("cells_committed=" + (21 - survivors)), resumed.output());
    ResultsTable.read(spark, table.toString()).createOrReplaceTempView("clean");
    ResultsTable.read(spark, killedTable.toString()).createOrReplaceTempView("killed");
    assertEquals(21L, spark.sql("SELECT COUNT(*) FROM killed k JOIN clean c ON k.trial = c.trial AND k.step = c.step "
        + "AND k.metric = c.metric AND k.seed = c.seed AND k.value = c.value").first().getLong(0));

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
    assertFalse(again.output().contains("test_accuracy="), "the classifier is trained once:\n" + again.output());
    assertTrue(again.output().contains("cells_committed=7"), again.output()); // the new trial's one checkpoint
    assertTrue(again.output().contains("cells_present=21"), again.output());
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
        + "wgan-gp, least-squares, ssgan, cgan-pd, classifier] or the name of a class implementing sparkgan.model.Gan, "
        + "got 'no.such.Gan'"), badClass.output());
  }
}
