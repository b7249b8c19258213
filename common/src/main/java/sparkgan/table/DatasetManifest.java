package sparkgan.table;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The {@code _manifest.json} of an ingested dataset: what it holds and where it came from. {@link #contentSha256()}
 * is the dataset hash that every later checkpoint and metric refers to.
 *
 * @param formatVersion version of this manifest layout (1)
 * @param format source format: idx, cifar or images
 * @param source input path as given to the ingest job
 * @param rows images in the table
 * @param rejects source images that could not be decoded (listed in {@code _rejects/})
 * @param splitCounts images per split
 * @param labelCounts images per split and label index ({@code "none"} for unlabelled images)
 * @param labelNames label index to class name
 * @param height image height in pixels, the same for every row
 * @param width image width in pixels
 * @param channels 1 (grey) or 3 (RGB)
 * @param channelMean per-channel mean of all pixels, scaled to [0, 1]
 * @param channelStd per-channel population standard deviation of all pixels, scaled to [0, 1]
 * @param sourceSha256 SHA-256 of every source file, keyed by path relative to the input
 * @param contentSha256 order-independent hash of every row's content (see {@link TableStatistics})
 * @param sparkganVersion the sparkgan version that wrote the dataset
 * @param createdAt ISO-8601 instant of the commit
 * @param ingestConfig the ingest settings (see {@code IngestConfig.provenance()})
 */
public record DatasetManifest(int formatVersion, String format, String source, long rows, long rejects,
    SortedMap<String, Long> splitCounts, SortedMap<String, SortedMap<String, Long>> labelCounts,
    SortedMap<Integer, String> labelNames, int height, int width, int channels, List<Double> channelMean,
    List<Double> channelStd, SortedMap<String, String> sourceSha256, String contentSha256, String sparkganVersion,
    String createdAt, SortedMap<String, String> ingestConfig) {

  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  public DatasetManifest {
    splitCounts = new TreeMap<>(splitCounts);
    TreeMap<String, SortedMap<String, Long>> labels = new TreeMap<>();
    labelCounts.forEach((split, counts) -> labels.put(split, new TreeMap<>(counts)));
    labelCounts = labels;
    labelNames = new TreeMap<>(labelNames);
    channelMean = List.copyOf(channelMean);
    channelStd = List.copyOf(channelStd);
    sourceSha256 = new TreeMap<>(sourceSha256);
    ingestConfig = new TreeMap<>(ingestConfig);
  }

  /** Images of one class in one split; 0 when there are none. */
  public long count(String split, int label) {
    return labelCounts.getOrDefault(split, new TreeMap<>()).getOrDefault(Integer.toString(label), 0L);
  }

  /**
   * The number of classes a model trained on {@code split} tells apart: one more than the largest label index named
   * or counted in any split (so every split of a dataset agrees), or 0 when {@code split} has an unlabelled image or
   * no images.
   */
  public int classes(String split) {
    SortedMap<String, Long> counts = labelCounts.get(split);
    if (counts == null || counts.isEmpty() || counts.containsKey(TableStatistics.NO_LABEL)) {
      return 0;
    }
    int largest = labelNames.isEmpty() ? -1 : labelNames.lastKey();
    for (SortedMap<String, Long> perSplit : labelCounts.values()) {
      for (String label : perSplit.keySet()) {
        if (!label.equals(TableStatistics.NO_LABEL)) {
          largest = Math.max(largest, Integer.parseInt(label));
        }
      }
    }
    return largest + 1;
  }

  public void write(FileSystem fs, Path file) throws IOException {
    try (OutputStream out = fs.create(file, false /* overwrite */)) {
      JSON.writeValue(out, this);
    }
  }

  public static DatasetManifest read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      DatasetManifest manifest = JSON.readValue(in, DatasetManifest.class);
      if (manifest.formatVersion() != FORMAT_VERSION) {
        throw new IOException("Cannot read " + file + ": manifest format_version " + manifest.formatVersion()
            + " is not supported (this sparkgan reads " + FORMAT_VERSION + ")");
      }
      return manifest;
    }
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialise the manifest: " + e.getMessage(), e);
    }
  }
}
