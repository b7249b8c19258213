package sparkgan.evaluate.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.DrawingSupplier;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The plot of one comparable group: value against step, one line per run and trial with a band of one std
 * where the metric has one, and each run's best step ringed. JFreeChart draws with Java2D into an off-screen image, which works without a display
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
    // The curves, each with a band of one std around it where the score has one (IS over splits, KID over subsets).
    YIntervalSeriesCollection curves = new YIntervalSeriesCollection();
    for (Map.Entry<String, List<MetricGroup.Point>> curve : group.series().entrySet()) {
      YIntervalSeries series = new YIntervalSeries(curve.getKey());
      for (MetricGroup.Point point : curve.getValue()) {
        double spread = point.std() == null ? 0 : point.std();
        series.add(point.step(), point.value(), point.value() - spread, point.value() + spread);
      }
      curves.addSeries(series);
    }
    // Duplicate steps are allowed here: two runs may have their best at the same step with the same value.
    XYSeries best = new XYSeries(BEST_SERIES, true /* sort */, true /* duplicates */);
    group.best().forEach(b -> best.add(b.step(), b.value()));

    JFreeChart chart = ChartFactory.createXYLineChart(group.title(), "step", group.key().metric(), curves,
        PlotOrientation.VERTICAL, true /* legend */, false /* tooltips */, false /* urls */);
    chart.getTitle().setFont(TITLE_FONT); // the default 18 pt wraps a group's title on a plot of default width
    chart.addSubtitle(new TextTitle(group.key().direction()));
    chart.setBackgroundPaint(Color.WHITE);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);

    DeviationRenderer lines = new DeviationRenderer(true /* lines */, true /* shapes */);
    lines.setAlpha(0.2f);
    DrawingSupplier colours = new DefaultDrawingSupplier();
    for (int i = 0; i < curves.getSeriesCount(); i++) {
      Paint paint = colours.getNextPaint();
      lines.setSeriesPaint(i, paint);
      lines.setSeriesFillPaint(i, paint); // the band, drawn at the alpha above; the default fill would be white
    }
    plot.setRenderer(0, lines);

    XYLineAndShapeRenderer rings = new XYLineAndShapeRenderer(false /* lines */, true /* shapes */);
    rings.setSeriesShape(0, new Ellipse2D.Double(-6, -6, 12, 12));
    rings.setSeriesShapesFilled(0, false);
    rings.setSeriesPaint(0, Color.BLACK);
    rings.setSeriesOutlineStroke(0, new BasicStroke(2f));
    rings.setUseOutlinePaint(false);
    plot.setDataset(1, new XYSeriesCollection(best));
    plot.setRenderer(1, rings);
    plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD); // rings over the curves
    ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    // Metric curves live far from zero (FID of 20-300, IS of 1-10): a range from zero would flatten them.
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ChartUtils.writeChartAsPNG(bytes, chart, width, height);
    return bytes.toByteArray();
  }
}
