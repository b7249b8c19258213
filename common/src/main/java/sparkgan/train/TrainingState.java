package sparkgan.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import sparkgan.config.Sha256;
import sparkgan.model.nn.Backend;

/**
 * Operations on a training state, the named arrays of {@link GanTraining#state()}: copy, average, compare, and
 * save or load exactly.
 *
 * <p>File format ({@code state.bin}): the ASCII magic {@code SGSTATE1}, the array count, then per array its name
 * (modified UTF-8), data type name, rank, shape (longs) and values (little-endian, raw IEEE-754 bits for floats);
 * last, the SHA-256 of everything before it. Values round-trip bit for bit, and a truncated or altered file is
 * refused rather than half-loaded.
 */
public final class TrainingState {
  private static final byte[] MAGIC = "SGSTATE1".getBytes(StandardCharsets.US_ASCII);

  private TrainingState() {}

  /** A detached copy: later training does not change it. */
  public static Map<String, INDArray> copy(Map<String, INDArray> state) {
    Map<String, INDArray> copy = new LinkedHashMap<>();
    state.forEach((name, array) -> copy.put(name, array.isEmpty() ? array : array.dup('c')));
    return copy;
  }

  /** The unweighted mean: {@link #average(List, long[])} with equal weights. */
  public static Map<String, INDArray> average(List<Map<String, INDArray>> states) {
    long[] ones = new long[states.size()];
    java.util.Arrays.fill(ones, 1);
    return average(states, ones);
  }

  /**
   * The weighted element-wise mean of states of one training run on several workers (parameter averaging), for
   * every floating array: parameters, optimizer moments, batch-norm statistics, EMA weights. Each element is
   * summed in float64 in list order (partition order, never task-completion order) and cast back once, so equal
   * inputs give the same bits wherever and whenever they were computed, and averaging identical copies changes
   * nothing. Integer arrays (step counters, data positions) must agree across the states.
   *
   * @param weights one per state, &gt; 0: the examples each worker consumed
   */
  public static Map<String, INDArray> average(List<Map<String, INDArray>> states, long[] weights) {
    if (states.isEmpty()) {
      throw new IllegalArgumentException("Cannot average no states");
    }
    if (weights.length != states.size()) {
      throw new IllegalArgumentException("Cannot average " + states.size() + " states with " + weights.length
          + " weights");
    }
    double total = 0;
    for (long weight : weights) {
      if (weight <= 0) {
        throw new IllegalArgumentException("Cannot average training states: weights must be > 0, got "
            + java.util.Arrays.toString(weights));
      }
      total += weight;
    }
    Map<String, INDArray> first = states.get(0);
    for (Map<String, INDArray> state : states) {
      requireCompatible(first, state);
    }
    Map<String, INDArray> mean = new LinkedHashMap<>();
    for (Map.Entry<String, INDArray> entry : first.entrySet()) {
      String name = entry.getKey();
      INDArray array = entry.getValue();
      if (array.isEmpty()) {
        mean.put(name, array);
      } else if (array.dataType().isFPType()) {
        double[] sum = new double[Math.toIntExact(array.length())];
        for (int s = 0; s < states.size(); s++) {
          addScaled(sum, weights[s], states.get(s).get(name));
        }
        for (int i = 0; i < sum.length; i++) {
          sum[i] /= total;
        }
        mean.put(name, fromDoubles(sum, array.dataType(), array.shape()));
      } else {
        for (Map<String, INDArray> state : states) {
          if (!state.get(name).equals(array)) {
            throw new IllegalArgumentException("Cannot average training states: " + name + " differs ("
                + array + " vs " + state.get(name) + "); the copies are not at the same point of one run.");
          }
        }
        mean.put(name, array.dup());
      }
    }
    return mean;
  }

  /** An array of {@code type} holding {@code values} rounded once (to nearest, as a cast from float64 rounds). */
  private static INDArray fromDoubles(double[] values, DataType type, long[] shape) {
    INDArray array = Nd4j.create(type, shape, 'c');
    if (type == DataType.FLOAT && inPlaceAccess(array)) {
      java.nio.FloatBuffer target = array.data().asNioFloat();
      for (int i = 0; i < values.length; i++) {
        target.put(i, (float) values[i]);
      }
      return array;
    }
    return Nd4j.create(values, shape, 'c').castTo(type);
  }

  /** sum += weight * array, element by element in C order, in float64. */
  private static void addScaled(double[] sum, double weight, INDArray array) {
    if (inPlaceAccess(array) && array.dataType() == DataType.FLOAT) {
      java.nio.FloatBuffer values = array.data().asNioFloat();
      for (int i = 0; i < sum.length; i++) {
        sum[i] += weight * values.get(i);
      }
    } else {
      double[] values = array.dup('c').data().asDouble();
      for (int i = 0; i < sum.length; i++) {
        sum[i] += weight * values[i];
      }
    }
  }

  /**
   * Whether Java may read or write this array's values directly in its native memory, as the file format lays them
   * out: host memory (the CPU backend), little-endian, a whole C-order buffer. States are tens of megabytes and
   * cross this code several times a round; ND4J's element-wise accessors copy them one value at a time.
   */
  private static boolean inPlaceAccess(INDArray array) {
    return Backend.current().javaReadsArrays() && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
        && !array.isView() && array.ordering() == 'c' && array.offset() == 0
        && array.data().length() == array.length();
  }

  /**
   * Checks that {@code values} can replace {@code live}: every name of values exists in live with the same type and
   * shape, and every live name is present. Lists every difference.
   */
  public static void requireCompatible(Map<String, INDArray> live, Map<String, INDArray> values) {
    StringBuilder problems = new StringBuilder();
    for (Map.Entry<String, INDArray> entry : values.entrySet()) {
      INDArray target = live.get(entry.getKey());
      if (target == null) {
        problems.append("; unexpected array ").append(entry.getKey());
      } else if (target.dataType() != entry.getValue().dataType()
          || !Arrays.equals(target.shape(), entry.getValue().shape())) {
        problems.append("; ").append(entry.getKey()).append(" is ").append(entry.getValue().dataType())
            .append(Arrays.toString(entry.getValue().shape())).append(", expected ").append(target.dataType())
            .append(Arrays.toString(target.shape()));
      }
    }
    for (String name : live.keySet()) {
      if (!values.containsKey(name)) {
        problems.append("; missing array ").append(name);
      }
    }
    if (problems.length() > 0) {
      throw new IllegalArgumentException("Cannot restore training state: " + problems.substring(2)
          + ". The state was saved by a different model or optimizer configuration.");
    }
  }

  /** Writes {@code state} to {@code file}, which must not exist (commit checkpoints by renaming their folder). */
  public static void write(Map<String, INDArray> state, FileSystem fs, Path file) throws IOException {
    try (OutputStream raw = fs.create(file, false /* overwrite */)) {
      write(state, raw);
    }
  }

  public static Map<String, INDArray> read(FileSystem fs, Path file) throws IOException {
    try (InputStream raw = fs.open(file)) {
      return read(raw, file.toString());
    }
  }

  /** The state in the file format, in memory: what a Spark round broadcasts and what its tasks return. */
  public static byte[] toBytes(Map<String, INDArray> state) {
    long size = 1024;
    for (INDArray array : state.values()) {
      size += 256 + array.length() * array.dataType().width();
    }
    // Sized up front: a state is tens of megabytes, and a growing buffer would copy it several times.
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, size));
    try {
      write(state, bytes);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // memory streams do not fail
    }
    return bytes.toByteArray();
  }

  /** Reads what {@link #toBytes} wrote; {@code source} names it in errors. */
  public static Map<String, INDArray> fromBytes(byte[] bytes, String source) {
    try {
      return read(new java.io.ByteArrayInputStream(bytes), source);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static void write(Map<String, INDArray> state, OutputStream raw) throws IOException {
    MessageDigest sha = Sha256.digest();
    DigestOutputStream digesting = new DigestOutputStream(new BufferedOutputStream(raw), sha);
    DataOutputStream out = new DataOutputStream(digesting);
    out.write(MAGIC);
    out.writeInt(state.size());
    for (Map.Entry<String, INDArray> entry : state.entrySet()) {
      INDArray array = entry.getValue();
      out.writeUTF(entry.getKey());
      out.writeUTF(array.dataType().name());
      out.writeInt(array.rank());
      for (long dim : array.shape()) {
        out.writeLong(dim);
      }
      byte[] bytes = toBytes(array);
      out.writeLong(bytes.length);
      out.write(bytes);
    }
    digesting.on(false); // the checksum covers everything before it, not itself
    out.write(sha.digest());
    out.flush();
  }

  private static Map<String, INDArray> read(InputStream raw, String file) throws IOException {
    MessageDigest sha = Sha256.digest();
    Map<String, INDArray> state = new LinkedHashMap<>();
    try {
      DigestInputStream digesting = new DigestInputStream(new BufferedInputStream(raw), sha);
      DataInputStream in = new DataInputStream(digesting);
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException("Cannot read training state " + file + ": not a sparkgan state file");
      }
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        DataType type = DataType.valueOf(in.readUTF());
        long[] shape = new long[in.readInt()];
        for (int d = 0; d < shape.length; d++) {
          shape[d] = in.readLong();
        }
        byte[] bytes = new byte[Math.toIntExact(in.readLong())];
        in.readFully(bytes);
        state.put(name, fromBytes(bytes, type, shape));
      }
      digesting.on(false);
      byte[] expected = sha.digest();
      byte[] stored = new byte[expected.length];
      in.readFully(stored);
      if (in.read() >= 0) {
        throw new IOException("Cannot read training state " + file + ": unexpected bytes after the checksum");
      }
      if (!Arrays.equals(expected, stored)) {
        throw new IOException("Cannot read training state " + file + ": checksum mismatch (corrupt or altered file)");
      }
    } catch (EOFException e) {
      throw new IOException("Cannot read training state " + file + ": truncated", e);
    }
    return state;
  }

  private static byte[] toBytes(INDArray array) {
    if (array.isEmpty()) {
      return new byte[0]; // e.g. the buffers of a network without batch norm
    }
    byte[] bytes = new byte[Math.toIntExact(array.length() * array.dataType().width())];
    if (inPlaceAccess(array)) {
      ByteBuffer values = array.data().asNio();
      values.position(0);
      values.get(bytes);
      return bytes;
    }
    INDArray c = array.dup('c');
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    switch (array.dataType()) {
      case FLOAT -> buffer.asFloatBuffer().put(c.data().asFloat());
      case DOUBLE -> buffer.asDoubleBuffer().put(c.data().asDouble());
      case LONG -> buffer.asLongBuffer().put(c.data().asLong());
      case INT -> buffer.asIntBuffer().put(c.data().asInt());
      default -> throw new IllegalArgumentException("Cannot save arrays of type " + array.dataType());
    }
    return bytes;
  }

  private static INDArray fromBytes(byte[] bytes, DataType type, long[] shape) {
    if (bytes.length == 0) {
      return Nd4j.create(type, shape);
    }
    if (type == DataType.FLOAT || type == DataType.DOUBLE) {
      INDArray array = Nd4j.create(type, shape, 'c');
      if (inPlaceAccess(array) && array.length() * type.width() == bytes.length) {
        ByteBuffer values = array.data().asNio();
        values.position(0);
        values.put(bytes);
        return array;
      }
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    return switch (type) {
      case FLOAT -> { float[] v = new float[bytes.length / 4]; buffer.asFloatBuffer().get(v); yield Nd4j.create(v, shape, 'c'); }
      case DOUBLE -> { double[] v = new double[bytes.length / 8]; buffer.asDoubleBuffer().get(v); yield Nd4j.create(v, shape, 'c'); }
      case LONG -> { long[] v = new long[bytes.length / 8]; buffer.asLongBuffer().get(v); yield Nd4j.createFromArray(v).reshape(shape); }
      case INT -> { int[] v = new int[bytes.length / 4]; buffer.asIntBuffer().get(v); yield Nd4j.createFromArray(v).reshape(shape); }
      default -> throw new IllegalArgumentException("Cannot load arrays of type " + type);
    };
  }
}
