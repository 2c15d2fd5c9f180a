package org.moshsim.report;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.moshsim.study.StudyTable;

/**
 * A study's figure: one panel per quantity, one line per curve (the mean over seeds, and its 95% band where there
 * are several seeds) against the study's x.
 */
public final class CurveChart {
    private static final int MARKED_POINTS = 20;

    /** One panel: a quantity of the table, its axis title, and whether its axis is logarithmic. */
    public record Panel(String quantity, String title, boolean logarithmic) {
    }

    private CurveChart() {
    }

    /**
     * Writes {@code name}.png and {@code name}.svg. The x of each point is the table's x or, when {@code xQuantity}
     * is not null, that quantity's mean over seeds at the table's x (e.g. seconds or bytes against steps).
     */
    public static void write(Path dir, String name, StudyTable table, String xQuantity, String xTitle, boolean xLogarithmic,
                             List<Panel> panels) {
        Figure.write(dir, name, () -> {
            List<XYChart> charts = new ArrayList<>();
            for (Panel panel : panels) {
                charts.add(panel(table, xQuantity, xTitle, xLogarithmic, panel));
            }
            return charts;
        });
    }

    private static XYChart panel(StudyTable table, String xQuantity, String xTitle, boolean xLogarithmic, Panel panel) {
        XYChart chart = new XYChartBuilder().width(Figure.PANEL_WIDTH).height(Figure.PANEL_HEIGHT).title(panel.title())
                .xAxisTitle(xTitle).yAxisTitle(panel.title()).build();
        XYStyler styler = chart.getStyler();
        styler.setXAxisLogarithmic(xLogarithmic);
        styler.setYAxisLogarithmic(panel.logarithmic());
        Figure.style(styler);
        List<String> curves = table.curves();
        for (int c = 0; c < curves.size(); c++) {
            Color color = Figure.PALETTE[c % Figure.PALETTE.length];
            Map<Double, Interval> points = table.curve(curves.get(c), panel.quantity());
            Map<Double, Interval> xs0 = xQuantity == null ? null : table.curve(curves.get(c), xQuantity);
            List<Double> xs = new ArrayList<>();
            List<Double> means = new ArrayList<>();
            List<Double> lows = new ArrayList<>();
            List<Double> highs = new ArrayList<>();
            points.forEach((key, interval) -> {
                double x = xs0 == null ? key : xs0.get(key).mean();
                // A log axis cannot show zero or a NaN: leave such points out.
                boolean drawable = Double.isFinite(interval.mean()) && (!panel.logarithmic() || interval.mean() > 0)
                        && (!xLogarithmic || x > 0);
                if (drawable) {
                    xs.add(x);
                    means.add(interval.mean());
                    lows.add(interval.low());
                    highs.add(interval.high());
                }
            });
            if (xs.isEmpty()) {
                continue;
            }
            if (lows.stream().allMatch(Double::isFinite) && (!panel.logarithmic() || lows.stream().allMatch(v -> v > 0))) {
                int n = xs.size();
                double[] bx = new double[2 * n];
                double[] by = new double[2 * n];
                for (int k = 0; k < n; k++) {
                    bx[k] = xs.get(k);
                    by[k] = highs.get(k);
                    bx[2 * n - 1 - k] = xs.get(k);
                    by[2 * n - 1 - k] = lows.get(k);
                }
                XYSeries band = chart.addSeries(curves.get(c) + " (95% CI)", bx, by);
                band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                band.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 50));
                band.setLineStyle(SeriesLines.NONE);
                band.setMarker(SeriesMarkers.NONE);
                band.setShowInLegend(false);
            }
            XYSeries line = chart.addSeries(curves.get(c), xs, means);
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setLineColor(color);
            line.setMarkerColor(color);
            // Markers show where a sweep's points are; a curve of many samples reads better without them.
            line.setMarker(xs.size() <= MARKED_POINTS ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        return chart;
    }
}
