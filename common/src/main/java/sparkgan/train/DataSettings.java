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
 */
public record DataSettings(String source, String split, int batchSize, double ringRadius, double ringStd)
    implements Provenanced {
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
    return values;
  }
}
