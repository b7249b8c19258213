package sparkgan.evaluate;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import sparkgan.table.AtomicFile;
import sparkgan.table.IfExists;

/**
 * numpy's {@code .npy} format (numpy's {@code numpy/lib/format.py} and its NEP 1): the magic {@code \x93NUMPY}, a
 * version, the length of a header, the header (a Python dict literal with {@code descr}, {@code fortran_order},
 * {@code shape}) padded with spaces to a multiple of 64 bytes and ended by a newline, then the raw data.
 *
 * <p>Reads versions 1.0 (2-byte header length), 2.0 and 3.0 (4-byte; 3.0 allows UTF-8 in the header) with
 * little-endian float32, float64 and integer data in C order. Big-endian data and Fortran order are refused with
 * the numpy call that converts them, not transposed or byte-swapped behind the caller's back. Writes version 1.0
 * float64, as {@code np.save} does for such an array.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
  private static final int CHUNK = 1 << 16;

  private Npy() {}

  /** Reads the {@code .npy} file at {@code path}. */
  public static NumpyArray read(FileSystem fs, Path path) throws IOException {
    try (FSDataInputStream in = fs.open(path)) {
      return read(in, path.toString());
    }
  }

  /** Writes {@code array} as float64 {@code .npy} at {@code path}, which must not exist (see {@link AtomicFile}). */
  public static void write(FileSystem fs, Path path, NumpyArray array) throws IOException {
    AtomicFile.write(fs.getConf(), path, IfExists.FAIL, out -> write(out, array));
  }

  /** Reads one array from {@code stream}; {@code source} names it in messages. */
  static NumpyArray read(InputStream stream, String source) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    byte[] magic = new byte[MAGIC.length];
    readFully(in, magic, source, "the magic string");
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException("Cannot read " + source + ": not a .npy file (it does not start with \\x93NUMPY)");
    }
    int major = in.readUnsignedByte();
    in.readUnsignedByte(); // minor version: 0 in every version so far
    long headerLength;
    if (major == 1) {
      headerLength = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
    } else if (major == 2 || major == 3) {
      headerLength = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
    } else {
      throw new IOException("Cannot read " + source + ": .npy format version " + major + " is not supported (1, 2, 3)");
    }
    if (headerLength > 1 << 20) {
      throw new IOException("Cannot read " + source + ": a header of " + headerLength + " bytes is not a .npy header");
    }
    byte[] headerBytes = new byte[(int) headerLength];
    readFully(in, headerBytes, source, "the header");
    String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    String descr = field(DESCR, header, "descr", source);
    if (field(FORTRAN, header, "fortran_order", source).equals("True")) {
      throw new IOException("Cannot read " + source + ": the array is stored in Fortran (column-major) order. "
          + "Save a C-ordered copy: np.save(path, np.ascontiguousarray(a)).");
    }
    long[] shape = parseShape(field(SHAPE, header, "shape", source), source);
    Type type = Type.of(descr, source);
    long count = 1;
    for (long s : shape) {
      count = Math.multiplyExact(count, s);
    }
    if (count > Integer.MAX_VALUE - 8) {
      throw new IOException("Cannot read " + source + ": " + count + " elements (shape " + Arrays.toString(shape)
          + ") do not fit one Java array; split the array into files of fewer than 2^31 elements");
    }
    double[] values = new double[(int) count];
    byte[] chunk = new byte[CHUNK - CHUNK % type.bytes];
    int done = 0;
    while (done < values.length) {
      int n = Math.min(chunk.length / type.bytes, values.length - done);
      int got = in.readNBytes(chunk, 0, n * type.bytes);
      if (got < n * type.bytes) {
        throw new EOFException("Cannot read " + source + ": the data ends after " + (done + got / type.bytes)
            + " of " + count + " elements (shape " + Arrays.toString(shape) + ", " + descr + "); the file is truncated");
      }
      type.decode(ByteBuffer.wrap(chunk, 0, got).order(ByteOrder.LITTLE_ENDIAN), values, done, n);
      done += n;
    }
    return new NumpyArray(shape, values, descr);
  }

  /** Writes {@code array} as a float64 {@code .npy} (version 1.0) to {@code out}, which stays open. */
  static void write(OutputStream out, NumpyArray array) throws IOException {
    long[] shape = array.shape();
    String shapeText = shape.length == 1 ? "(" + shape[0] + ",)"
        : Arrays.stream(shape).mapToObj(Long::toString).reduce((a, b) -> a + ", " + b).map(s -> "(" + s + ")")
            .orElse("()");
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT,
        "{'descr': '<f8', 'fortran_order': False, 'shape': %s, }", shapeText));
    // Pad with spaces so that magic (6) + version (2) + length (2) + header + '\n' is a multiple of 64, as numpy does.
    int unpadded = MAGIC.length + 2 + 2 + header.length() + 1;
    header.append(" ".repeat((64 - unpadded % 64) % 64)).append('\n');
    if (header.length() > 65535) {
      throw new IOException("Cannot write an array of " + shape.length + " dimensions: its .npy header is too long");
    }
    OutputStream buffered = new BufferedOutputStream(out, CHUNK);
    buffered.write(MAGIC);
    buffered.write(new byte[] {1, 0, (byte) header.length(), (byte) (header.length() >>> 8)});
    buffered.write(header.toString().getBytes(StandardCharsets.ISO_8859_1));
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    for (double value : array.values()) {
      if (!chunk.hasRemaining()) {
        buffered.write(chunk.array(), 0, chunk.position());
        chunk.clear();
      }
      chunk.putDouble(value);
    }
    buffered.write(chunk.array(), 0, chunk.position());
    buffered.flush();
  }

  private static String field(Pattern pattern, String header, String name, String source) throws IOException {
    Matcher m = pattern.matcher(header);
    if (!m.find()) {
      throw new IOException("Cannot read " + source + ": its .npy header has no valid '" + name + "': " + header.trim());
    }
    return m.group(1);
  }

  private static long[] parseShape(String text, String source) throws IOException {
    String[] parts = text.split(",");
    long[] shape = new long[parts.length];
    int n = 0;
    for (String part : parts) {
      String size = part.trim().replaceAll("L$", ""); // Python 2 wrote longs as 3L
      if (size.isEmpty()) {
        continue;
      }
      try {
        shape[n++] = Long.parseLong(size);
      } catch (NumberFormatException e) {
        throw new IOException("Cannot read " + source + ": bad shape (" + text + ") in its .npy header", e);
      }
    }
    return Arrays.copyOf(shape, n);
  }

  private static void readFully(DataInputStream in, byte[] into, String source, String what) throws IOException {
    try {
      in.readFully(into);
    } catch (EOFException e) {
      throw new EOFException("Cannot read " + source + ": the file ends inside " + what);
    }
  }

  /** The element types read. numpy writes '<' for little-endian multi-byte types and '|' for single bytes. */
  private enum Type {
    F4(4), F8(8), I1(1), U1(1), I2(2), U2(2), I4(4), U4(4), I8(8), U8(8);

    final int bytes;

    Type(int bytes) {
      this.bytes = bytes;
    }

    static Type of(String descr, String source) throws IOException {
      if (descr.length() < 3) {
        throw new IOException("Cannot read " + source + ": unknown dtype '" + descr + "'");
      }
      char order = descr.charAt(0);
      String code = descr.substring(1).toUpperCase(Locale.ROOT);
      if (order == '>') {
        throw new IOException("Cannot read " + source + ": the data is big-endian ('" + descr + "'). Convert it: "
            + "np.save(path, a.astype(a.dtype.newbyteorder('<'))).");
      }
      for (Type type : values()) {
        if (type.name().equals(code) && (order == '<' || (order == '|' && type.bytes == 1))) {
          return type;
        }
      }
      throw new IOException("Cannot read " + source + ": dtype '" + descr + "' is not supported; float32, float64 "
          + "and little-endian integers are (np.save(path, a.astype('<f8')) converts)");
    }

    void decode(ByteBuffer in, double[] out, int offset, int n) {
      for (int i = offset; i < offset + n; i++) {
        out[i] = switch (this) {
          case F4 -> in.getFloat();
          case F8 -> in.getDouble();
          case I1 -> in.get();
          case U1 -> Byte.toUnsignedInt(in.get());
          case I2 -> in.getShort();
          case U2 -> Short.toUnsignedInt(in.getShort());
          case I4 -> in.getInt();
          case U4 -> Integer.toUnsignedLong(in.getInt());
          case I8 -> in.getLong();
          case U8 -> unsignedLongToDouble(in.getLong());
        };
      }
    }

    private static double unsignedLongToDouble(long value) {
      return value >= 0 ? value : (double) (value >>> 1) * 2.0 + (value & 1);
    }
  }
}
