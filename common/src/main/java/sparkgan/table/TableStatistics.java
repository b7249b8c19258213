package sparkgan.table;

import java.io.Serializable;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import sparkgan.config.Sha256;

/**
 * Counts, pixel statistics and the content hash of an image table, computed in one pass and merged across
 * partitions (Spark's {@code treeAggregate}). Mutable while aggregating; read it only after the merge.
 *
 * <p>The content hash must not depend on how rows are spread over files and partitions, so it is a multiset
 * hash: each row's SHA-256 (over a canonical encoding of every column) is added as a 256-bit integer modulo
 * 2^256, and the sum, with the row count, is hashed once more. Equal tables give equal hashes whatever the
 * file layout; any changed byte, label, id or split changes it.
 */
public final class TableStatistics implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);
  private static final String HASH_DOMAIN = "sparkgan-image-table-v1";
  static final String NO_LABEL = "none";

  private long rows;
  private BigInteger digestSum = BigInteger.ZERO;
  private final TreeMap<String, TreeMap<String, Long>> labelCounts = new TreeMap<>();
  private final TreeSet<String> shapes = new TreeSet<>();
  private long[] channelSum = new long[0];
  private long[] channelSumOfSquares = new long[0];
  private long pixelsPerChannel;

  /** Adds one row. */
  public TableStatistics add(ImageRecord image) {
    rows++;
    digestSum = digestSum.add(new BigInteger(1, rowDigest(image))).mod(MODULUS);
    String label = image.label() == null ? NO_LABEL : image.label().toString();
    labelCounts.computeIfAbsent(image.split(), s -> new TreeMap<>()).merge(label, 1L, Long::sum);
    shapes.add(image.height() + "x" + image.width() + "x" + image.channels());
    int channels = image.channels();
    if (channelSum.length != channels) {
      if (channelSum.length != 0) {
        return this; // mixed channel counts: reported through shapes(); statistics would be meaningless
      }
      channelSum = new long[channels];
      channelSumOfSquares = new long[channels];
    }
    byte[] pixels = image.pixels();
    for (int i = 0; i < pixels.length; i++) {
      int value = pixels[i] & 0xFF;
      channelSum[i % channels] += value;
      channelSumOfSquares[i % channels] += value * value;
    }
    pixelsPerChannel += pixels.length / channels;
    return this;
  }

  /** Merges another partition's statistics into this one. */
  public TableStatistics merge(TableStatistics other) {
    rows += other.rows;
    digestSum = digestSum.add(other.digestSum).mod(MODULUS);
    other.labelCounts.forEach((split, counts) -> counts.forEach(
        (label, n) -> labelCounts.computeIfAbsent(split, s -> new TreeMap<>()).merge(label, n, Long::sum)));
    shapes.addAll(other.shapes);
    if (channelSum.length == 0) {
      channelSum = other.channelSum.clone();
      channelSumOfSquares = other.channelSumOfSquares.clone();
    } else if (other.channelSum.length == channelSum.length) {
      for (int c = 0; c < channelSum.length; c++) {
        channelSum[c] += other.channelSum[c];
        channelSumOfSquares[c] += other.channelSumOfSquares[c];
      }
    }
    pixelsPerChannel += other.pixelsPerChannel;
    return this;
  }

  public long rows() {
    return rows;
  }

  /** Distinct image shapes as {@code HxWxC}. */
  public List<String> shapes() {
    return List.copyOf(shapes);
  }

  public SortedMap<String, SortedMap<String, Long>> labelCounts() {
    TreeMap<String, SortedMap<String, Long>> copy = new TreeMap<>();
    labelCounts.forEach((split, counts) -> copy.put(split, new TreeMap<>(counts)));
    return copy;
  }

  public SortedMap<String, Long> splitCounts() {
    TreeMap<String, Long> counts = new TreeMap<>();
    labelCounts.forEach((split, byLabel) -> counts.put(split, byLabel.values().stream().mapToLong(Long::longValue).sum()));
    return counts;
  }

  /** Per-channel mean, pixels scaled to [0, 1]. */
  public List<Double> channelMean() {
    List<Double> mean = new ArrayList<>();
    for (long sum : channelSum) {
      mean.add(sum / (255.0 * pixelsPerChannel));
    }
    return mean;
  }

  /** Per-channel population standard deviation, pixels scaled to [0, 1]. Sums are exact integers, so no drift. */
  public List<Double> channelStd() {
    List<Double> std = new ArrayList<>();
    for (int c = 0; c < channelSum.length; c++) {
      double n = pixelsPerChannel;
      double variance = (channelSumOfSquares[c] - (double) channelSum[c] * channelSum[c] / n) / n;
      std.add(Math.sqrt(Math.max(0.0, variance)) / 255.0);
    }
    return std;
  }

  /** The table's content hash, hex. */
  public String contentSha256() {
    MessageDigest sha = Sha256.digest();
    sha.update(HASH_DOMAIN.getBytes(StandardCharsets.UTF_8));
    sha.update(ByteBuffer.allocate(Long.BYTES).putLong(rows).array());
    byte[] sum = digestSum.toByteArray();
    byte[] fixed = new byte[32];
    int copy = Math.min(sum.length, 32);
    System.arraycopy(sum, sum.length - copy, fixed, 32 - copy, copy);
    sha.update(fixed);
    return HexFormat.of().formatHex(sha.digest());
  }

  /** SHA-256 over every column, each length-prefixed (null distinct from empty) so no two rows encode alike. */
  static byte[] rowDigest(ImageRecord image) {
    MessageDigest sha = Sha256.digest();
    putString(sha, image.id());
    putString(sha, image.split());
    putInteger(sha, image.label());
    putString(sha, image.labelName());
    putInteger(sha, image.coarseLabel());
    putString(sha, image.coarseLabelName());
    sha.update(ByteBuffer.allocate(3 * Integer.BYTES).putInt(image.height()).putInt(image.width())
        .putInt(image.channels()).array());
    sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(image.pixels().length).array());
    sha.update(image.pixels());
    return sha.digest();
  }

  private static void putString(MessageDigest sha, String value) {
    if (value == null) {
      sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(-1).array());
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
    sha.update(bytes);
  }

  private static void putInteger(MessageDigest sha, Integer value) {
    sha.update(value == null ? new byte[] {0} : ByteBuffer.allocate(5).put((byte) 1).putInt(value).array());
  }
}
