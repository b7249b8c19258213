package sparkgan.evaluate.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/**
 * The scores of one comparable group (metric, extractor weights, protocol, n_fake, direction) as the driver holds
 * them for a report: the points of every run's curve and each run's best checkpoint, both from
 * {@link ResultViews}.
 */
record MetricGroup(Key key, String extractor, List<Point> points, List<Best> best) {

  /** What makes scores comparable. */
  record Key(String metric, String extractorSha256, String protocol, long nFake, boolean largerIsBetter) {
    static Key of(Row row) {
      return new Key(row.getAs("metric"), row.getAs("extractor_sha256"), row.getAs("protocol"),
          row.<Long>getAs("n_fake"), row.<Boolean>getAs("larger_is_better"));
    }

    String direction() {
      return largerIsBetter ? "larger is better" : "smaller is better";
    }
  }

  /** One score: a row of {@link ResultViews#CURVES}. */
  record Point(String run, String trial, long seed, long step, double value, Double std) {}

  /** A row of {@link ResultViews#BEST}. */
  record Best(String run, String trial, long step, double value, Double std, long seeds, String checkpoint,
      String gVariant, long steps, long rows, long latestStep, double latestValue) {}

  MetricGroup {
    Objects.requireNonNull(key, "key");
    points = List.copyOf(points);
    best = List.copyOf(best);
  }

  /**
   * Groups the rows of {@link ResultViews#curves} and {@link ResultViews#best}, in the order the curves come
   * (which is the group order of both views).
   */
  static List<MetricGroup> of(List<Row> curves, List<Row> best) {
    Map<Key, String> extractors = new LinkedHashMap<>();
    Map<Key, List<Point>> points = new LinkedHashMap<>();
    for (Row row : curves) {
      Key key = Key.of(row);
      extractors.putIfAbsent(key, row.getAs("extractor"));
      points.computeIfAbsent(key, k -> new ArrayList<>()).add(new Point(row.getAs("run"), row.getAs("trial"),
          row.<Long>getAs("seed"), row.<Long>getAs("step"), row.<Double>getAs("value"), row.getAs("std")));
    }
    Map<Key, List<Best>> bests = new LinkedHashMap<>();
    for (Row row : best) {
      bests.computeIfAbsent(Key.of(row), k -> new ArrayList<>()).add(new Best(row.getAs("run"), row.getAs("trial"),
          row.<Long>getAs("best_step"), row.<Double>getAs("value"), row.getAs("std"), row.<Long>getAs("n_seeds"),
          row.getAs("checkpoint"), row.getAs("g_variant"), row.<Long>getAs("n_steps"), row.<Long>getAs("n_rows"),
          row.<Long>getAs("latest_step"), row.<Double>getAs("latest_value")));
    }
    List<MetricGroup> groups = new ArrayList<>();
    points.forEach((key, list) -> groups.add(new MetricGroup(key, extractors.get(key), list,
        bests.getOrDefault(key, List.of()))));
    return groups;
  }

  /**
   * The group's curves by legend name, {@code run/trial}, in the order of the points; a run and trial scored with
   * several seeds gets one curve per seed ({@code run/trial seed=S}), since each seed's scores form their own line.
   */
  Map<String, List<Point>> series() {
    Map<String, Set<Long>> seeds = new LinkedHashMap<>();
    for (Point point : points) {
      seeds.computeIfAbsent(point.run() + "/" + point.trial(), k -> new TreeSet<>()).add(point.seed());
    }
    Map<String, List<Point>> series = new LinkedHashMap<>();
    for (Point point : points) {
      String name = point.run() + "/" + point.trial();
      if (seeds.get(name).size() > 1) {
        name += " seed=" + point.seed();
      }
      series.computeIfAbsent(name, k -> new ArrayList<>()).add(point);
    }
    return series;
  }

  /** A title naming the group: metric, extractor and the short form of its hash, protocol, n_fake. */
  String title() {
    String sha = key.extractorSha256();
    return key.metric() + " · " + extractor + " (" + sha.substring(0, Math.min(12, sha.length())) + ") · "
        + key.protocol() + " · n_fake=" + key.nFake();
  }
}
