package sparkgan.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkgan.evaluate.metric.Gaussian;

/**
 * The files this project writes are read by numpy, and the files numpy writes (np.save, np.savez,
 * np.savez_compressed, version 2.0 headers) are read here, checked value by value. Needs /usr/bin/python3 with
 * numpy; without it the test fails (CI installs python3-numpy): a skipped interop test would hide a broken format.
 */
class NumpyInteropTest {
  private static final String PYTHON = "/usr/bin/python3";

  @TempDir
  java.nio.file.Path dir;

  @BeforeAll
  static void numpyIsInstalled() throws Exception {
    Process check;
    try {
      check = new ProcessBuilder(PYTHON, "-c", "import numpy").redirectErrorStream(true).start();
    } catch (IOException e) {
      fail("This test needs " + PYTHON + " with numpy: apt-get install python3-numpy (" + e.getMessage() + ")");
      return;
    }
    String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!check.waitFor(60, TimeUnit.SECONDS) || check.exitValue() != 0) {
      fail("This test needs numpy for " + PYTHON + ": apt-get install python3-numpy (" + output.trim() + ")");
    }
  }

  @Test
  void numpyReadsWhatWeWrite() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Gaussian g = new Gaussian("g", new double[] {0.1, -2, 1e300}, new double[] {1, 2, 3, 2, 5, 6, 3, 6, 0.7}, 0);
    StatisticsFile.write(fs, new Path(dir.resolve("stats.npz").toString()), g);
    Npy.write(fs, new Path(dir.resolve("row.npy").toString()), NumpyArray.of(new double[] {1.5, Math.PI}, 2));
    String out = python("import numpy as np\n"
        + "s = np.load('stats.npz')\n"
        + "assert sorted(s.files) == ['mu', 'sigma'], s.files\n"
        + "assert s['mu'].dtype == np.float64 and s['mu'].shape == (3,) and s['sigma'].shape == (3, 3)\n"
        + "assert s['mu'].tolist() == [0.1, -2.0, 1e300], s['mu']\n"
        + "assert s['sigma'].tolist() == [[1, 2, 3], [2, 5, 6], [3, 6, 0.7]], s['sigma']\n"
        + "r = np.load('row.npy')\n"
        + "assert r.shape == (2,) and r.tolist() == [1.5, np.pi], r\n"
        + "print('ok')\n");
    assertEquals("ok", out.trim());
  }

  @Test
  void weReadWhatNumpyWrites() throws Exception {
    python("import numpy as np\n"
        + "mu = np.array([0.25, -1.0, 3.0]); sigma = np.array([[2.0, 0.5, 0], [0.5, 1.0, 0], [0, 0, 1/3]])\n"
        + "np.savez('plain.npz', mu=mu, sigma=sigma)\n"
        + "np.savez_compressed('compressed.npz', mu=mu, sigma=sigma)\n"
        + "np.save('f32.npy', np.arange(6, dtype=np.float32).reshape(2, 3) / 7)\n"
        + "np.save('i64.npy', np.array([[-3, 2**40]], dtype=np.int64))\n"
        + "with open('v2.npy', 'wb') as f:\n"
        + "    np.lib.format.write_array(f, np.array([1.5, -2.5]), version=(2, 0))\n"
        + "np.save('fortran.npy', np.asfortranarray(np.ones((2, 3))))\n"
        + "np.save('big.npy', np.ones(2, dtype='>f8'))\n");
    FileSystem fs = FileSystem.getLocal(new Configuration());
    for (String name : List.of("plain.npz", "compressed.npz")) {
      Gaussian g = StatisticsFile.read(fs, path(name));
      assertArrayEquals(new double[] {0.25, -1, 3}, g.mean(), 0.0, name);
      assertArrayEquals(new double[] {2, 0.5, 0, 0.5, 1, 0, 0, 0, 1.0 / 3}, g.covariance(), 0.0, name);
    }
    NumpyArray f32 = Npy.read(fs, path("f32.npy"));
    assertEquals("<f4", f32.dtype());
    assertArrayEquals(new long[] {2, 3}, f32.shape());
    for (int i = 0; i < 6; i++) {
      assertEquals((double) (float) (i / 7.0), f32.values()[i], 0.0); // numpy divides in float32 here as well
    }
    assertArrayEquals(new double[] {-3, 1L << 40}, Npy.read(fs, path("i64.npy")).values(), 0.0);
    assertArrayEquals(new double[] {1.5, -2.5}, Npy.read(fs, path("v2.npy")).values(), 0.0);
    IOException fortran = assertThrows(IOException.class,
        () -> Npy.read(fs, path("fortran.npy")));
    assertTrue(fortran.getMessage().contains("Fortran (column-major) order"), fortran.getMessage());
    IOException big = assertThrows(IOException.class,
        () -> Npy.read(fs, path("big.npy")));
    assertTrue(big.getMessage().contains("big-endian"), big.getMessage());
    Map<String, NumpyArray> all = Npz.read(fs, path("compressed.npz"));
    assertEquals(List.of("mu", "sigma"), List.copyOf(all.keySet()));
  }

  private Path path(String name) {
    return new Path(dir.resolve(name).toString());
  }

  private String python(String script) throws Exception {
    Process process = new ProcessBuilder(PYTHON, "-c", script).directory(dir.toFile()).redirectErrorStream(true)
        .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "python did not finish");
    assertEquals(0, process.exitValue(), output);
    return output;
  }
}
