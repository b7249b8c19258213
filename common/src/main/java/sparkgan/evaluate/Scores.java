package sparkgan.evaluate;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import sparkgan.evaluate.metric.MetricId;

/**
 * Metric values of one scoring, in {@link MetricId} order, and the FID's flags (see
 * {@link sparkgan.evaluate.metric.FidResult}). Extra facts needed to reproduce a value (the KID seed) are in
 * {@code settings}, by name, sorted.
 */
public record Scores(Map<MetricId, Double> values, List<String> fidFlags, Map<String, String> settings) {
  public Scores {
    EnumMap<MetricId, Double> ordered = new EnumMap<>(MetricId.class);
    ordered.putAll(values);
    values = Collections.unmodifiableMap(ordered);
    fidFlags = List.copyOf(fidFlags);
    settings = Collections.unmodifiableMap(new TreeMap<>(settings));
  }
}
