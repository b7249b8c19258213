package sparkgan.evaluate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import sparkgan.table.AtomicFile;
import sparkgan.table.IfExists;

/**
 * numpy's {@code .npz}: a zip archive with one {@code <key>.npy} entry per array, stored by {@code np.savez} and
 * deflated by {@code np.savez_compressed}. This is the format of TTUR's and pytorch-fid's precomputed statistics
 * (keys {@code mu} and {@code sigma}).
 *
 * <p>Reading goes through the zip's central directory (commons-compress), not a streaming zip reader: numpy writes
 * its entries with zip64 extra fields (and, to an unseekable stream, with data descriptors), and ND4J's own npz
 * reader fails on deflated entries. The whole archive is read into memory first; statistics files are tens of MB.
 */
public final class Npz {
  private static final long MAX_BYTES = Integer.MAX_VALUE - 8;
  private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 1, 1, 0, 0); // the zip (DOS) epoch

  private Npz() {}

  /** The arrays of the {@code .npz} at {@code path} by key (entry name without {@code .npy}), in archive order. */
  public static Map<String, NumpyArray> read(FileSystem fs, Path path) throws IOException {
    long length = fs.getFileStatus(path).getLen();
    if (length > MAX_BYTES) {
      throw new IOException("Cannot read " + path + ": " + length + " bytes is too large for an .npz held in memory");
    }
    byte[] bytes = new byte[(int) length];
    try (FSDataInputStream in = fs.open(path)) {
      in.readFully(bytes);
    }
    ZipFile archive;
    try {
      archive = new ZipFile(new SeekableInMemoryByteChannel(bytes));
    } catch (IOException e) {
      throw new IOException("Cannot read " + path + ": not a valid .npz (zip) archive (" + e.getMessage() + ")", e);
    }
    Map<String, NumpyArray> arrays = new LinkedHashMap<>();
    try (ZipFile zip = archive) {
      for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
        String name = entry.getName();
        if (entry.isDirectory()) {
          continue;
        }
        String key = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        try (InputStream in = zip.getInputStream(entry)) {
          arrays.put(key, Npy.read(in, path + " entry " + name));
        }
      }
    }
    return arrays;
  }

  /**
   * Writes {@code arrays} (key to array, written in the map's order) as an uncompressed {@code .npz}, as
   * {@code np.savez} does, at {@code path}, which must not exist (see {@link AtomicFile}).
   */
  public static void write(FileSystem fs, Path path, Map<String, NumpyArray> arrays) throws IOException {
    AtomicFile.write(fs.getConf(), path, IfExists.FAIL, out -> {
      ZipOutputStream zip = new ZipOutputStream(out);
      for (Map.Entry<String, NumpyArray> array : arrays.entrySet()) {
        ByteArrayOutputStream npy = new ByteArrayOutputStream();
        Npy.write(npy, array.getValue());
        byte[] data = npy.toByteArray();
        // A stored entry must declare its size and CRC before its data (no data descriptor for STORED in Java).
        ZipEntry entry = new ZipEntry(array.getKey() + ".npy");
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        entry.setTimeLocal(FIXED_TIME); // the same arrays give the same bytes
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
      }
      zip.finish();
    });
  }
}
