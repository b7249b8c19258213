package sparkgan.evaluate;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import sparkgan.evaluate.metric.Gaussian;

/**
 * FID statistics files as TTUR and pytorch-fid write them: an {@code .npz} with {@code mu} [d] and {@code sigma}
 * [d, d]. They do not record the sample count, so a Gaussian read here has none (and FID cannot check it).
 */
public final class StatisticsFile {
  private StatisticsFile() {}

  public static Gaussian read(FileSystem fs, Path path) throws IOException {
    Map<String, NumpyArray> arrays = Npz.read(fs, path);
    NumpyArray mu = arrays.get("mu");
    NumpyArray sigma = arrays.get("sigma");
    if (mu == null || sigma == null) {
      throw new IOException("Cannot read FID statistics from " + path + ": it needs arrays 'mu' and 'sigma', it has "
          + arrays.keySet() + ". Write it with np.savez(path, mu=mu, sigma=sigma).");
    }
    long[] d = mu.shape();
    long[] dd = sigma.shape();
    if (d.length != 1 || dd.length != 2 || dd[0] != d[0] || dd[1] != d[0]) {
      throw new IOException("Cannot read FID statistics from " + path + ": 'mu' must be [d] and 'sigma' [d, d], got "
          + Arrays.toString(d) + " and " + Arrays.toString(dd));
    }
    return new Gaussian(path.getName(), mu.values(), sigma.values(), 0);
  }

  /** Writes {@code gaussian}'s mean and covariance as {@code mu} and {@code sigma} (float64) at a new {@code path}. */
  public static void write(FileSystem fs, Path path, Gaussian gaussian) throws IOException {
    int d = gaussian.dimension();
    Map<String, NumpyArray> arrays = new LinkedHashMap<>();
    arrays.put("mu", NumpyArray.of(gaussian.mean(), d));
    arrays.put("sigma", NumpyArray.of(gaussian.covariance(), d, d));
    Npz.write(fs, path, arrays);
  }
}
