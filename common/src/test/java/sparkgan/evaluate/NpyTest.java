package sparkgan.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparkgan.evaluate.metric.Gaussian;

class NpyTest {
  @TempDir
  java.nio.file.Path dir;

  private FileSystem fs() throws IOException {
    return FileSystem.getLocal(new Configuration());
  }

  @Test
  void npyRoundTripIsExact() throws IOException {
    double[] values = {0, -1.5, Math.PI, Double.MIN_VALUE, Double.MAX_VALUE, -0.0};
    Path path = new Path(dir.resolve("a.npy").toString());
    Npy.write(fs(), path, NumpyArray.of(values, 2, 3));
    NumpyArray read = Npy.read(fs(), path);
    assertArrayEquals(new long[] {2, 3}, read.shape());
    assertArrayEquals(values, read.values(), 0.0);
    assertEquals(-0.0, read.values()[5], 0.0);
    assertEquals(1.0 / -0.0, 1.0 / read.values()[5]); // the sign of zero survives
    // numpy's layout: magic, version 1.0, and data starting at a multiple of 64 bytes.
    byte[] bytes = Files.readAllBytes(dir.resolve("a.npy"));
    assertEquals(0, (bytes.length - 6 * 8) % 64);
  }

  @Test
  void npzRoundTripIsExact() throws IOException {
    Gaussian g = new Gaussian("g", new double[] {1, 2}, new double[] {4, 0.1, 0.1, 1.0 / 3}, 0);
    Path path = new Path(dir.resolve("stats.npz").toString());
    StatisticsFile.write(fs(), path, g);
    Gaussian read = StatisticsFile.read(fs(), path);
    assertArrayEquals(g.mean(), read.mean(), 0.0);
    assertArrayEquals(g.covariance(), read.covariance(), 0.0);
    assertEquals("stats.npz", read.name());
  }

  @Test
  void readsVersionTwoHeadersFloat32AndIntegers() throws IOException {
    ByteBuffer f4 = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.1f).putFloat(-2).putFloat(7);
    NumpyArray floats = Npy.read(new ByteArrayInputStream(npy(2, "{'descr': '<f4', 'fortran_order': False, "
        + "'shape': (3,), }", f4.array())), "f4");
    assertArrayEquals(new double[] {0.1f, -2, 7}, floats.values(), 0.0);
    ByteBuffer i8 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-5).putLong(1L << 40);
    NumpyArray longs = Npy.read(new ByteArrayInputStream(npy(1, "{'descr': '<i8', 'fortran_order': False, "
        + "'shape': (1, 2), }", i8.array())), "i8");
    assertArrayEquals(new double[] {-5, 1L << 40}, longs.values(), 0.0);
    assertArrayEquals(new long[] {1, 2}, longs.shape());
    NumpyArray bytes = Npy.read(new ByteArrayInputStream(npy(1, "{'descr': '|u1', 'fortran_order': False, "
        + "'shape': (2,), }", new byte[] {(byte) 255, 3})), "u1");
    assertArrayEquals(new double[] {255, 3}, bytes.values(), 0.0);
  }

  @Test
  void refusesFortranOrderBigEndianAndTruncatedFiles() {
    IOException fortran = assertThrows(IOException.class, () -> Npy.read(new ByteArrayInputStream(npy(1,
        "{'descr': '<f8', 'fortran_order': True, 'shape': (1, 1), }", new byte[8])), "f.npy"));
    assertTrue(fortran.getMessage().startsWith("Cannot read f.npy: the array is stored in Fortran (column-major) "
        + "order. Save a C-ordered copy"), fortran.getMessage());
    IOException bigEndian = assertThrows(IOException.class, () -> Npy.read(new ByteArrayInputStream(npy(1,
        "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", new byte[4])), "b.npy"));
    assertTrue(bigEndian.getMessage().startsWith("Cannot read b.npy: the data is big-endian ('>f4')"),
        bigEndian.getMessage());
    IOException truncated = assertThrows(IOException.class, () -> Npy.read(new ByteArrayInputStream(npy(1,
        "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", new byte[20])), "t.npy"));
    assertEquals("Cannot read t.npy: the data ends after 2 of 3 elements (shape [3], <f8); the file is truncated",
        truncated.getMessage());
    IOException notNpy = assertThrows(IOException.class,
        () -> Npy.read(new ByteArrayInputStream("PK\3\4 not numpy".getBytes(StandardCharsets.US_ASCII)), "z"));
    assertTrue(notNpy.getMessage().startsWith("Cannot read z: not a .npy file"), notNpy.getMessage());
  }

  @Test
  void statisticsFilesNeedMuAndSigma() throws IOException {
    Path path = new Path(dir.resolve("other.npz").toString());
    Map<String, NumpyArray> arrays = new LinkedHashMap<>();
    arrays.put("mean", NumpyArray.of(new double[] {1}, 1));
    Npz.write(fs(), path, arrays);
    IOException e = assertThrows(IOException.class, () -> StatisticsFile.read(fs(), path));
    assertTrue(e.getMessage().endsWith("it needs arrays 'mu' and 'sigma', it has [mean]. Write it with "
        + "np.savez(path, mu=mu, sigma=sigma)."), e.getMessage());
  }

  @Test
  void refusesAnNpzThatIsNotAZipArchive() throws IOException {
    java.nio.file.Path file = dir.resolve("broken.npz");
    Files.write(file, npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", new byte[8]));
    IOException e = assertThrows(IOException.class, () -> Npz.read(fs(), new Path(file.toString())));
    assertTrue(e.getMessage().startsWith("Cannot read " + new Path(file.toString()) + ": not a valid .npz (zip) "
        + "archive"), e.getMessage());
  }

  @Test
  void neverOverwritesAndLeavesNoTemporaryFile() throws IOException {
    Path path = new Path(dir.resolve("a.npy").toString());
    Npy.write(fs(), path, NumpyArray.of(new double[] {1}, 1));
    FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
        () -> Npy.write(fs(), path, NumpyArray.of(new double[] {2}, 1)));
    assertTrue(e.getMessage().contains("a file is already there"), e.getMessage());
    assertArrayEquals(new double[] {1}, Npy.read(fs(), path).values(), 0.0);
    try (var files = Files.list(dir)) {
      assertFalse(files.anyMatch(f -> f.getFileName().toString().contains(".tmp-")), "no temporary file left");
    }
  }

  /** A .npy file with the given version, header dict and data, padded as numpy pads. */
  static byte[] npy(int version, String dict, byte[] data) {
    int lengthBytes = version == 1 ? 2 : 4;
    int unpadded = 6 + 2 + lengthBytes + dict.length() + 1;
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
    ByteBuffer length = ByteBuffer.allocate(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
    if (version == 1) {
      length.putShort((short) header.length());
    } else {
      length.putInt(header.length());
    }
    out.writeBytes(length.array());
    out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(data);
    return out.toByteArray();
  }
}
