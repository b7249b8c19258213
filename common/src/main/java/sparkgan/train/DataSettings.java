package sparkgan.train;

import java.util.Map;
import java.util.TreeMap;
import sparkgan.config.ConfigException;
import sparkgan.config.Provenanced;

/**
 * The {@code data} block: where real samples come from.
 *
 * @param source {@code ring} (2-D mixture of 8 Gaussians on a circle) or the path of an ingested image dataset
 * @param split dataset split to train on (images only)
 * @param batchSize real samples per discriminator step, &gt;= 1
 * @param ringRadius ring only: radius of the circle of mode centres, &gt; 0 (2.0)
 * @param ringStd ring only: standard deviation of each mode, &gt; 0 (0.02)
 * @param holdout images only: the fraction of the split never trained on, in [0, 1); which images is a function of
 *     their ids alone ({@link #heldOut}), so it is the same set for every seed and run (a classifier tests on it)
 */
public record DataSettings(String source, String split, int batchSize, double ringRadius, double ringStd,
    double holdout) implements Provenanced {
  public static final String RING = "ring";

  public DataSettings {
    if (source == null || source.isBlank()) {
      throw ConfigException.invalid("data.source", "'ring' or the path of an ingested dataset", source);
    }
    if (batchSize < 1) {
      throw ConfigException.invalid("data.batch-size", ">= 1", batchSize);
    }
    if (!(ringRadius > 0)) {
      throw ConfigException.invalid("data.ring-radius", "> 0", ringRadius);
    }
    if (!(ringStd > 0)) {
      throw ConfigException.invalid("data.ring-std", "> 0", ringStd);
    }
    if (!(holdout >= 0 && holdout < 1)) {
      throw ConfigException.invalid("data.holdout", "in [0, 1)", holdout);
    }
  }

  /** The rows of {@link #split} this run trains on: all but the held-out ones. */
  public org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> trainingRows(sparkgan.table.ImageDataset dataset) {
    double fraction = holdout;
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows = dataset.split(split);
    return fraction > 0 ? rows.filter((org.apache.spark.api.java.function.FilterFunction<org.apache.spark.sql.Row>)
        row -> !heldOut(row.getAs(sparkgan.table.ImageDataset.ID), fraction)) : rows;
  }

  /** The held-out rows of {@link #split}: the complement of {@link #trainingRows}. */
  public org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> heldOutRows(sparkgan.table.ImageDataset dataset) {
    double fraction = holdout;
    return dataset.split(split).filter((org.apache.spark.api.java.function.FilterFunction<org.apache.spark.sql.Row>)
        row -> heldOut(row.getAs(sparkgan.table.ImageDataset.ID), fraction));
  }

  /**
   * Whether the image with id {@code id} is held out at {@code fraction}: FNV-1a of the id's UTF-8 bytes, its top
   * 53 bits read as a number in [0, 1), below the fraction. Held-out sets grow with the fraction (each contains the
   * smaller ones).
   */
  public static boolean heldOut(String id, double fraction) {
    if (fraction <= 0) {
      return false;
    }
    long hash = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xFF)) * 0x100000001b3L;
    }
    hash ^= hash >>> 29; // FNV's low bits mix poorly into its high ones
    hash *= 0xBF58476D1CE4E5B9L;
    hash ^= hash >>> 32;
    return (hash >>> 11) * 0x1.0p-53 < fraction;
  }

  public boolean isRing() {
    return RING.equals(source);
  }

  @Override
  public Map<String, String> provenance() {
    TreeMap<String, String> values = new TreeMap<>();
    values.put("data.source", source);
    values.put("data.split", split);
    values.put("data.batch-size", Integer.toString(batchSize));
    values.put("data.ring-radius", Double.toString(ringRadius));
    values.put("data.ring-std", Double.toString(ringStd));
    values.put("data.holdout", Double.toString(holdout));
    return values;
  }
}
