package sparkgan.evaluate.report;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;

/** The text files of a report: {@code index.html} (plots, best checkpoints, errors) and {@code best.csv}. */
final class ReportPage {
  static final List<String> CSV_COLUMNS = List.of("metric", "extractor", "extractor_sha256", "protocol", "n_fake",
      "larger_is_better", "run", "trial", "best_step", "value", "std", "n_seeds", "checkpoint", "g_variant", "n_steps",
      "n_rows", "latest_step", "latest_value");

  private ReportPage() {}

  /** One plot's file name: its position (unique), then the metric and extractor for a person browsing the folder. */
  static String plotName(int index, MetricGroup group) {
    return String.format(Locale.ROOT, "%02d-%s-%s-n%d.png", index + 1, safe(group.key().metric()),
        safe(group.extractor()), group.key().nFake());
  }

  private static String safe(String text) {
    return text.replaceAll("[^A-Za-z0-9._-]+", "_");
  }

  /**
   * The page: what was read, then per group its plot and a table of each run's best checkpoint with the direction
   * spelled out, then the checkpoints that could not be scored.
   */
  static String html(String table, Instant generatedAt, List<MetricGroup> groups, List<String> plots, long scores,
      List<Row> errors, int width, int height) {
    StringBuilder page = new StringBuilder();
    page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>sparkgan evaluation report</title>\n<style>\n")
        .append("body { font-family: sans-serif; margin: 2em; }\n")
        .append("table { border-collapse: collapse; margin: 0.5em 0 2em; }\n")
        .append("th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }\n")
        .append("td.number { text-align: right; font-variant-numeric: tabular-nums; }\n")
        .append("</style>\n</head>\n<body>\n<h1>sparkgan evaluation report</h1>\n")
        .append("<p>Results table <code>").append(escape(table)).append("</code>: ").append(scores)
        .append(" scores in ").append(groups.size()).append(" comparable groups, ").append(errors.size())
        .append(" checkpoints that could not be scored. Generated ").append(generatedAt).append(".</p>\n")
        .append("<p>Scores are compared only within one metric, extractor (its weights' SHA-256), protocol and ")
        .append("number of generated samples (n_fake): each such group has its own plot and table. The best step ")
        .append("of a run is its smallest value where smaller is better and its largest where larger is better; ")
        .append("a checkpoint scored with several seeds counts with the mean of its values.</p>\n<ul>\n");
    for (int i = 0; i < groups.size(); i++) {
      page.append("<li><a href=\"#group-").append(i + 1).append("\">").append(escape(groups.get(i).title()))
          .append("</a> (").append(groups.get(i).key().direction()).append(")</li>\n");
    }
    page.append("</ul>\n");
    for (int i = 0; i < groups.size(); i++) {
      MetricGroup group = groups.get(i);
      page.append("<h2 id=\"group-").append(i + 1).append("\">").append(escape(group.title())).append("</h2>\n")
          .append("<p><strong>").append(escape(group.key().metric())).append(": ").append(group.key().direction())
          .append(".</strong> Extractor <code>").append(escape(group.extractor()))
          .append("</code>, weights SHA-256 <code>")
          .append(escape(group.key().extractorSha256())).append("</code>, protocol <code>")
          .append(escape(group.key().protocol())).append("</code>, ").append(group.key().nFake())
          .append(" generated samples per score.</p>\n")
          .append("<img src=\"").append(escape(plots.get(i))).append("\" width=\"").append(width)
          .append("\" height=\"").append(height).append("\" alt=\"").append(escape(group.title())).append("\">\n")
          .append("<table>\n<tr><th>run</th><th>trial</th><th>best step</th><th>value</th><th>std</th>")
          .append("<th>checkpoint</th><th>steps scored</th><th>latest step</th><th>latest value</th></tr>\n");
      for (MetricGroup.Best best : group.best()) {
        page.append("<tr><td>").append(escape(best.run())).append("</td><td>").append(escape(best.trial()))
            .append("</td><td class=\"number\">").append(best.step()).append("</td><td class=\"number\">")
            .append(number(best.value())).append(best.seeds() > 1 ? " (mean of " + best.seeds() + " seeds)" : "")
            .append("</td><td class=\"number\">").append(best.std() == null ? "" : number(best.std()))
            .append("</td><td><code>").append(escape(best.checkpoint())).append("</code></td><td class=\"number\">")
            .append(best.steps()).append("</td><td class=\"number\">").append(best.latestStep())
            .append("</td><td class=\"number\">").append(number(best.latestValue())).append("</td></tr>\n");
      }
      page.append("</table>\n");
    }
    page.append("<h2 id=\"errors\">Checkpoints that could not be scored</h2>\n");
    if (errors.isEmpty()) {
      page.append("<p>None.</p>\n");
    } else {
      page.append("<table>\n<tr><th>run</th><th>trial</th><th>step</th><th>checkpoint</th><th>reason</th>")
          .append("<th>when</th></tr>\n");
      for (Row error : errors) {
        page.append("<tr><td>").append(escape(error.getAs("run"))).append("</td><td>")
            .append(escape(error.getAs("trial"))).append("</td><td class=\"number\">").append(error.<Long>getAs("step"))
            .append("</td><td><code>").append(escape(error.getAs("checkpoint"))).append("</code></td><td>")
            .append(escape(error.getAs("reason"))).append("</td><td>").append(String.valueOf(error.<Object>getAs(
                "evaluated_at"))).append("</td></tr>\n");
      }
      page.append("</table>\n");
    }
    return page.append("</body>\n</html>\n").toString();
  }

  /** Every group's best checkpoints, one row per run, trial and group; numbers with every digit. */
  static String csv(List<MetricGroup> groups) {
    StringBuilder csv = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
    for (MetricGroup group : groups) {
      MetricGroup.Key key = group.key();
      for (MetricGroup.Best best : group.best()) {
        csv.append(Stream.of(key.metric(), group.extractor(), key.extractorSha256(), key.protocol(), key.nFake(),
            key.largerIsBetter(), best.run(), best.trial(), best.step(), best.value(),
            best.std() == null ? "" : best.std(), best.seeds(), best.checkpoint(), best.gVariant(), best.steps(),
            best.rows(), best.latestStep(), best.latestValue())
            .map(value -> csvField(String.valueOf(value))).collect(Collectors.joining(","))).append('\n');
      }
    }
    return csv.toString();
  }

  /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
  static String csvField(String text) {
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }

  /** Six significant digits: enough to tell checkpoints apart on the page; best.csv keeps every digit. */
  private static String number(double value) {
    return String.format(Locale.ROOT, "%.6g", value);
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
