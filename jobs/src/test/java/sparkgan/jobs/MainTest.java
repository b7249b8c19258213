package sparkgan.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line is checked before Spark starts: none of these runs starts a SparkSession. */
class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void unknownJobListsTheJobs() {
    assertEquals(Main.USAGE, run("train-everything"));
    assertTrue(err().startsWith("Unknown job 'train-everything'. Jobs: ingest, sql, fit-local, train, "
        + "train-classifier, score, fid, evaluate, stats, report, bench, bench-train, bench-ingest, bench-fid, "
        + "bench-inception, bench-evaluate."), err());
  }

  @Test
  void helpPrintsTheOptionsAndSucceeds() {
    assertEquals(Main.OK, run("ingest", "--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--format <idx|cifar|images>"));
    assertEquals(Main.OK, run("--help"));
  }

  @Test
  void unknownFormatNamesTheOptionAndTheAllowedValues() {
    assertEquals(Main.USAGE, run("ingest", "--format", "png", "--input", "a", "--output", "b"));
    assertTrue(err().startsWith("--format must be one of [idx, cifar, images], got 'png'"), err());
    assertTrue(err().contains("Run 'ingest --help' for the options."));
  }

  @Test
  void missingRequiredOptionAndBadValuesAreUsageErrors() {
    assertEquals(Main.USAGE, run("ingest", "--format", "idx", "--output", "b"));
    assertTrue(err().startsWith("--input is required"), err());
    assertEquals(Main.USAGE, run("ingest", "--format", "images", "--input", "a", "--output", "b", "--channels", "4"));
    assertTrue(err().contains("--channels must be 1 or 3, got 4"), err());
    assertEquals(Main.USAGE, run("sql", "--dataset", "1x=/tmp/a", "--query", "SELECT 1"));
    assertTrue(err().contains("--dataset must be <view name>=<path>"), err());
  }

  @Test
  void trainClassifierChecksItsOptionsBeforeSpark() {
    assertEquals(Main.USAGE, run("train-classifier", "--output", "out"));
    assertTrue(err().startsWith("--dataset is required"), err());
    assertEquals(Main.USAGE, run("train-classifier", "--dataset", "d", "--output", "out", "--config",
        System.getProperty("sparkgan.project.dir") + "/" + TrainClassifierJob.DEFAULT_CONFIG, "--set",
        "gan.class=hinge"));
    assertTrue(err().contains("gan.class must be classifier for train-classifier, got 'hinge'"), err());
    assertEquals(Main.USAGE, run("train-classifier", "--dataset", "d", "--output", "out", "--config",
        System.getProperty("sparkgan.project.dir") + "/" + TrainClassifierJob.DEFAULT_CONFIG, "--resume"));
    assertTrue(err().contains("Cannot resume without --trial-id"), err());
  }

  @Test
  void ganBenchmarkChecksItsOptions() {
    assertEquals(Main.USAGE, run("bench", "--model", "sngan"));
    assertTrue(err().contains("--model must be one of [dcgan32, dcgan28, mlp, sngan32, ssgan32], got 'sngan'"), err());
    assertEquals(Main.USAGE, run("bench", "--model", "sngan32", "--peer-python"));
    assertTrue(err().contains("--peer-python needs a value"), err());
  }

  @Test
  void inceptionBenchmarkChecksItsOptions() {
    assertEquals(Main.USAGE, run("bench-inception", "--batch", "0"));
    assertTrue(err().startsWith("--batch must be >= 1, got 0"), err());
    assertEquals(Main.USAGE, run("bench-inception", "--layout", "chw"));
    assertTrue(err().contains("--layout must be one of [nchw, nhwc], got 'chw'"), err());
  }
}
