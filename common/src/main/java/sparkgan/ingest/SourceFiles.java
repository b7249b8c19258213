package sparkgan.ingest;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import sparkgan.config.Sha256;

/** Reading source files through the Hadoop FileSystem API, with gzip handled and errors naming the file. */
final class SourceFiles {
  static final int BUFFER = 1 << 20;

  private SourceFiles() {}

  /** Opens {@code file}, gunzipping when its name ends in .gz. */
  static InputStream open(Configuration conf, String file) throws IOException {
    return file.endsWith(".gz") ? openGzip(conf, file) : openRaw(conf, file);
  }

  static InputStream openRaw(Configuration conf, String file) throws IOException {
    Path path = new Path(file);
    return new BufferedInputStream(path.getFileSystem(conf).open(path), BUFFER);
  }

  /** Opens a gzip file; a file that is not gzip fails here, naming it. */
  static InputStream openGzip(Configuration conf, String file) throws IOException {
    InputStream raw = openRaw(conf, file);
    try {
      return new BufferedInputStream(new GZIPInputStream(raw, BUFFER), BUFFER);
    } catch (ZipException | EOFException e) {
      raw.close();
      throw InvalidSourceException.cannotRead(file, "corrupt gzip (" + e.getMessage() + ")");
    }
  }

  /** Lists the files of a folder; fails with a clear message when it does not exist or is a file. */
  static FileStatus[] listFolder(Configuration conf, String folder, String what) throws IOException {
    Path path = new Path(folder);
    FileSystem fs = path.getFileSystem(conf);
    if (!fs.exists(path)) {
      throw new InvalidSourceException("Cannot ingest " + folder + ": it does not exist. Pass --input " + what + ".");
    }
    if (!fs.getFileStatus(path).isDirectory()) {
      throw new InvalidSourceException("Cannot ingest " + folder + ": it is a file. Pass --input " + what + ".");
    }
    return fs.listStatus(path);
  }

  /** Reads exactly {@code buffer.length} bytes, or returns how many were available before the end of the stream. */
  static int readFully(InputStream in, byte[] buffer) throws IOException {
    int total = 0;
    while (total < buffer.length) {
      int n = in.read(buffer, total, buffer.length - total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  /** SHA-256 of the file's raw bytes (compressed files as stored), hex. */
  static String sha256(Configuration conf, String file) throws IOException {
    Path path = new Path(file);
    return Sha256.ofFile(path.getFileSystem(conf), path);
  }


  /** Label names from a text file, one per line (blank lines at the end ignored). */
  static List<String> readLines(Configuration conf, String file) throws IOException {
    try (InputStream in = open(conf, file)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
      while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
        lines.remove(lines.size() - 1);
      }
      return lines.stream().map(String::strip).toList();
    }
  }
}
