package sparkgan.evaluate.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The plot of one comparable group: value against step, one line per run and trial, and each run's best step
 * ringed. JFreeChart draws with Java2D into an off-screen image, which works without a display
 * ({@code java.awt.headless=true}, set in conf/spark-defaults.conf) but needs a font (fontconfig and any TrueType
 * font, e.g. Debian's fonts-dejavu-core).
 */
final class ReportCharts {
  static final String BEST_SERIES = "best step";
  private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
  private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);

  private ReportCharts() {}

  /** The group's chart as PNG bytes. */
  static byte[] png(MetricGroup group, int width, int height) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<String, List<MetricGroup.Point>> curve : group.series().entrySet()) {
      // Sorted by step, no two points at one step: a curve is one (run, trial, seed), whose steps are unique.
      XYSeries series = new XYSeries(curve.getKey(), true /* sort */, false /* no duplicate steps */);
      curve.getValue().forEach(point -> series.add(point.step(), point.value()));
      data.addSeries(series);
    }
    // Duplicate steps are allowed here: two runs may have their best at the same step with the same value.
    XYSeries best = new XYSeries(BEST_SERIES, true, true);
    group.best().forEach(b -> best.add(b.step(), b.value()));
    data.addSeries(best);

    JFreeChart chart = ChartFactory.createXYLineChart(group.title(), "step", group.key().metric(), data,
        PlotOrientation.VERTICAL, true /* legend */, false /* tooltips */, false /* urls */);
    chart.getTitle().setFont(TITLE_FONT); // the default 18 pt wraps a group's title on a plot of default width
    chart.addSubtitle(new TextTitle(group.key().direction()));
    chart.setBackgroundPaint(Color.WHITE);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true /* lines */, true /* shapes */);
    int bestIndex = data.getSeriesCount() - 1;
    renderer.setSeriesLinesVisible(bestIndex, false);
    renderer.setSeriesShape(bestIndex, new Ellipse2D.Double(-6, -6, 12, 12));
    renderer.setSeriesShapesFilled(bestIndex, false);
    renderer.setSeriesPaint(bestIndex, Color.BLACK);
    renderer.setSeriesOutlineStroke(bestIndex, new BasicStroke(2f));
    renderer.setUseOutlinePaint(false);
    renderer.setDrawOutlines(true);
    plot.setRenderer(renderer);
    ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    // Metric curves live far from zero (FID of 20-300, IS of 1-10): a range from zero would flatten them.
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ChartUtils.writeChartAsPNG(bytes, chart, width, height);
    return bytes.toByteArray();
  }
}
