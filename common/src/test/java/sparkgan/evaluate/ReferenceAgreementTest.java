package sparkgan.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkgan.evaluate.metric.Kid;
import sparkgan.evaluate.metric.MetricId;

/**
 * The metrics against the reference formulas written out in numpy/scipy in a subprocess, on the same float32 feature
 * files: FID as pytorch-fid computes it (np.cov, scipy.linalg.sqrtm), precision/recall/density/coverage from the full
 * distance matrix as the papers' code defines them, the Inception Score over 10 splits in order. Needs
 * /usr/bin/python3 with numpy and scipy; without them the test fails (CI installs them), never skips.
 */
class ReferenceAgreementTest {
  @TempDir
  java.nio.file.Path dir;

  private static final String REFERENCE = String.join("\n",
      "import numpy as np",
      "from scipy import linalg",
      "r = np.random.default_rng(5)",
      "real = r.standard_normal((300, 16)).astype(np.float32)",
      "fake = (0.8 * r.standard_normal((250, 16)) + 0.3).astype(np.float32)",
      "logits = r.standard_normal((200, 7)) * 4",
      "np.save('real.npy', real); np.save('fake.npy', fake); np.save('logits.npy', logits)",
      "a, b = real.astype(np.float64), fake.astype(np.float64)",
      "s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)",
      "root, _ = linalg.sqrtm(s1.dot(s2), disp=False)",
      "delta = a.mean(0) - b.mean(0)",
      "print('fid=%r' % float(delta.dot(delta) + np.trace(s1) + np.trace(s2) - 2 * np.trace(root.real)))",
      "def squared(x, y):",
      "    return ((x[:, None, :] - y[None, :, :]) ** 2).sum(-1)",
      "def radius(x, k):",
      "    return np.sort(squared(x, x), axis=1)[:, k]  # index 0 is the sample itself",
      "d = squared(a, b)",
      "print('precision=%r' % float((d <= radius(a, 3)[:, None]).any(0).mean()))",
      "print('recall=%r' % float((d <= radius(b, 3)[None, :]).any(1).mean()))",
      "print('density=%r' % float((d < radius(a, 5)[:, None]).sum(0).mean() / 5))",
      "print('coverage=%r' % float((d.min(1) < radius(a, 5)).mean()))",
      "logp = logits - logits.max(1, keepdims=True)",
      "logp = logp - np.log(np.exp(logp).sum(1, keepdims=True))",
      "p = np.exp(logp)",
      "scores = []",
      "for i in range(10):",
      "    lo, hi = i * len(p) // 10, (i + 1) * len(p) // 10",
      "    q = p[lo:hi].mean(0)",
      "    scores.append(np.exp((p[lo:hi] * (logp[lo:hi] - np.log(q))).sum(1).mean()))",
      "print('is_mean=%r' % float(np.mean(scores)))",
      "print('is_std=%r' % float(np.std(scores)))",
      "");

  @Test
  void metricsAgreeWithTheReferenceFormulasInNumpy() throws Exception {
    Map<String, Double> reference = runReference();
    Configuration conf = new Configuration();
    Scores features = ScoreFiles.features(conf, path("real.npy"), path("fake.npy"), new Kid.Settings(2, 100, 0));
    double fid = features.values().get(MetricId.FID);
    assertEquals(reference.get("fid"), fid, 1e-9 * reference.get("fid"));
    for (MetricId exact : new MetricId[] {MetricId.PRECISION, MetricId.RECALL, MetricId.DENSITY, MetricId.COVERAGE}) {
      // Counts over the same squared distances: the same numbers, not merely close ones.
      assertEquals(reference.get(exact.id()), features.values().get(exact), 1e-15, exact.id());
    }
    double precision = features.values().get(MetricId.PRECISION);
    double recall = features.values().get(MetricId.RECALL);
    assertTrue(precision != recall, "a test that could not tell precision from recall");
    Scores inception = ScoreFiles.inceptionScore(conf, path("logits.npy"));
    assertEquals(reference.get("is_mean"), inception.values().get(MetricId.IS_MEAN), 1e-12);
    assertEquals(reference.get("is_std"), inception.values().get(MetricId.IS_STD), 1e-12);
  }

  private Path path(String name) {
    return new Path(dir.resolve(name).toString());
  }

  private Map<String, Double> runReference() throws Exception {
    Process process;
    try {
      process = new ProcessBuilder("/usr/bin/python3", "-c", REFERENCE).directory(dir.toFile())
          .redirectErrorStream(true).start();
    } catch (IOException e) {
      fail("This test needs /usr/bin/python3 with numpy and scipy: apt-get install python3-numpy python3-scipy ("
          + e.getMessage() + ")");
      return Map.of();
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
      fail("The numpy reference failed; it needs /usr/bin/python3 with numpy and scipy: apt-get install "
          + "python3-numpy python3-scipy.\n" + output);
    }
    Map<String, Double> values = new HashMap<>();
    for (String line : output.split("\n")) {
      int equals = line.indexOf('=');
      if (equals > 0) {
        values.put(line.substring(0, equals), Double.parseDouble(line.substring(equals + 1)));
      }
    }
    return values;
  }
}
