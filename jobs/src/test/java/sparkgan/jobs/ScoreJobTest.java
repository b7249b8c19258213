package sparkgan.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkgan.evaluate.Npy;
import sparkgan.evaluate.NumpyArray;
import sparkgan.evaluate.StatisticsFile;
import sparkgan.evaluate.metric.FakeFeatures;
import sparkgan.evaluate.metric.FeatureMatrix;
import sparkgan.evaluate.metric.FeatureStatistics;
import sparkgan.evaluate.metric.Fid;
import sparkgan.evaluate.metric.Kid;
import sparkgan.evaluate.metric.RealFeatures;
import sparkgan.model.nn.Rng;

/** The score and fid jobs end to end on files, against the library called directly. */
class ScoreJobTest {
  @TempDir
  java.nio.file.Path dir;

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Runs a job and returns its {@code name=value} lines in order. */
  private Map<String, String> run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(Main.OK, code, err.toString(StandardCharsets.UTF_8));
    Map<String, String> lines = new LinkedHashMap<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      int equals = line.indexOf('=');
      lines.put(line.substring(0, equals), line.substring(equals + 1));
    }
    return lines;
  }

  private String file(String name, FeatureMatrix matrix) throws IOException {
    Path path = new Path(dir.resolve(name).toString());
    Npy.write(FileSystem.getLocal(new Configuration()), path, NumpyArray.of(matrix.values(), matrix.rows(),
        matrix.columns()));
    return path.toString();
  }

  private static FeatureMatrix gaussian(Rng rng, int n, int d, double shift) {
    double[] values = new double[n * d];
    for (int i = 0; i < values.length; i++) {
      values[i] = shift + rng.nextGaussian();
    }
    return new FeatureMatrix(n, d, values);
  }

  @Test
  void scoresFeatureFilesWithFullPrecision() throws IOException {
    Rng rng = new Rng(1);
    FeatureMatrix real = gaussian(rng, 300, 8, 0);
    FeatureMatrix fake = gaussian(rng, 250, 8, 0.5);
    Map<String, String> lines = run("score", "--real", file("real.npy", real), "--fake", file("fake.npy", fake),
        "--kid-subsets", "4", "--kid-subset-size", "200", "--seed", "9");
    assertEquals(List.of("fid", "kid", "kid_std", "precision", "recall", "density", "coverage", "fid_flags",
        "kid_seed", "kid_subset_size", "kid_subsets"), List.copyOf(lines.keySet()));
    double fid = Fid.compute(new FeatureStatistics(8).add(real).gaussian("real"),
        new FeatureStatistics(8).add(fake).gaussian("fake")).value();
    assertEquals(Double.toString(fid), lines.get("fid")); // Double.toString: every digit survives the print
    Kid.Result kid = Kid.compute(new RealFeatures(real), new FakeFeatures(fake), new Kid.Settings(4, 200, 9));
    assertEquals(Double.toString(kid.mean()), lines.get("kid"));
    assertEquals("few-samples:real=300<10000,few-samples:fake=250<10000", lines.get("fid_flags"));
    assertEquals("9", lines.get("kid_seed"));
  }

  @Test
  void statisticsFilesGiveFidOnlyAndTheFidJobAgrees() throws IOException {
    Rng rng = new Rng(2);
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path a = new Path(dir.resolve("a.npz").toString());
    Path b = new Path(dir.resolve("b.npz").toString());
    StatisticsFile.write(fs, a, new FeatureStatistics(4).add(gaussian(rng, 50, 4, 0)).gaussian("a"));
    StatisticsFile.write(fs, b, new FeatureStatistics(4).add(gaussian(rng, 50, 4, 1)).gaussian("b"));
    Map<String, String> score = run("score", "--real", a.toString(), "--fake", b.toString());
    assertEquals(List.of("fid"), List.copyOf(score.keySet()));
    assertEquals(score, run("fid", a.toString(), b.toString()));
    double fid = Double.parseDouble(score.get("fid"));
    assertTrue(fid > 3 && fid < 5, score::toString); // ‖Δμ‖² ≈ 4 for a shift of 1 in 4 dimensions
  }

  @Test
  void logitsGiveTheInceptionScore() throws IOException {
    double[] logits = new double[20 * 2]; // one-hot over 2 classes, alternating: every split of 2 scores 2
    for (int i = 0; i < 20; i++) {
      logits[i * 2 + i % 2] = 1000;
    }
    Map<String, String> lines = run("score", "--logits", file("logits.npy", new FeatureMatrix(20, 2, logits)));
    assertEquals(2, Double.parseDouble(lines.get("is_mean")), 1e-12);
    assertEquals(0, Double.parseDouble(lines.get("is_std")), 1e-12);
  }

  @Test
  void wrongCombinationsAreUsageErrors() {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertEquals(Main.USAGE, Main.run(List.of("score", "--logits", "l.npy", "--real", "r.npy"), out, errors));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Cannot score: give --real and --fake, or --logits "
        + "alone."), err::toString);
    assertEquals(Main.USAGE, Main.run(List.of("score", "--real", "r.npy", "--fake", "f.npy", "--kid-subsets", "0"),
        out, errors));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("kid-subsets must be >= 1, got 0"), err::toString);
    assertEquals(Main.USAGE, Main.run(List.of("fid", "only-one.npz"), out, errors));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("it takes 2 arguments <A.npz> <B.npz>, got 1"),
        err::toString);
  }
}
