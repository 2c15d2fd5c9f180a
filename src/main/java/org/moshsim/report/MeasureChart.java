package org.moshsim.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.moshsim.Measure;
import org.moshsim.Target;
import org.moshsim.metrics.MetricsTable;
import org.moshsim.metrics.Series;

/**
 * One measure (the mean squared error, a loss, an accuracy...), one panel per point of the sweep with a shared y axis,
 * one line per protocol with its 95% band over seeds, and the measure's targets as dashed lines. A measure drawn on
 * a log scale (errors, losses) is averaged on the log scale: the line is the geometric mean over seeds and the band a
 * t-interval of the logarithms (a log-normal band), so it stays positive; values below {@link #FLOOR} of the largest
 * value are round-off and are drawn at the floor, and the axis starts at the smallest value above it (lines below it run
 * along its lower edge, as the legend says). Two figures per
 * measure, named by its column: against rounds (e.g. {@code mse.png}; asynchronous runs: effective rounds) and against
 * simulated seconds (e.g. {@code mse-time.png}; each run's value holds between its measurements, and seeds are
 * averaged at the panel's measurement times, at most 250 of them); on request, a third against the gigabytes the
 * busiest peer has sent, on a log axis (e.g. {@code accuracy-bytes.png}, averaged the same way).
 */
final class MeasureChart {
    /** Below this fraction of the initial value a log-scale measure is numerical noise (float32 storage, float64 sums). */
    static final double FLOOR = 1e-15;
    private static final int TIME_POINTS = 250;
    private static final Color TARGET = new Color(0x555555);
    private static final Color GRID = new Color(0xe4e4e4);

    private MeasureChart() {
    }

    /** What a figure's x axis is: rounds, simulated seconds, or gigabytes sent by the busiest peer. */
    public enum Axis {
        ROUNDS("", "round"), TIME("-time", "simulated seconds"), BYTES("-bytes", "GB sent by the busiest peer");

        private final String suffix;
        private final String title;

        Axis(String suffix, String title) {
            this.suffix = suffix;
            this.title = title;
        }

        /** A run's x at each measurement. */
        double[] of(Series run) {
            if (this == BYTES) {
                return Arrays.stream(run.bytesPeerMax()).map(b -> b / 1e9).toArray();
            }
            return this == TIME ? run.time() : run.round();
        }
    }

    /** The figure's file name (without extension): the measure's column, plus {@code -time} against seconds. */
    public static String name(Measure measure, boolean time) {
        return name(measure, time ? Axis.TIME : Axis.ROUNDS);
    }

    /** The figure's file name (without extension): the measure's column, plus {@code -time} or {@code -bytes}. */
    public static String name(Measure measure, Axis axis) {
        return measure.column() + axis.suffix;
    }

    /** One protocol's curve at one point: x, and the centre, low and high of the measure over seeds at each x. */
    record Band(double[] x, double[] centre, double[] low, double[] high) {
    }

    /** Renders the figure against rounds or against seconds. */
    public static void render(Path dir, MetricsTable table, Measure measure, Analysis analysis, boolean time) {
        render(dir, table, measure, analysis, time ? Axis.TIME : Axis.ROUNDS);
    }

    /** Renders the figure against rounds, seconds or bytes sent. */
    public static void render(Path dir, MetricsTable table, Measure measure, Analysis analysis, Axis axis) {
        Map<String, Color> colors = Figure.colors(table);
        Map<Map<String, String>, List<Series>> points = table.byPoint();
        double floor = measure.logarithmic() ? FLOOR * largest(table, measure) : Double.NEGATIVE_INFINITY;
        Map<Map<String, String>, Map<String, Band>> bands = new LinkedHashMap<>();
        points.forEach((point, series) -> bands.put(point, bands(series, measure, axis, floor)));
        List<Double> levels = analysis.targets().stream().filter(t -> t.measure() == measure).map(Target::level).toList();
        double[] y = yRange(bands.values(), levels, measure, floor);
        List<Figure.Key> legend = new ArrayList<>();
        colors.forEach((protocol, color) -> legend.add(new Figure.Key(protocol, color, Figure.Swatch.LINE)));
        if (!levels.isEmpty()) {
            legend.add(new Figure.Key(levels.size() == 1 ? "target" : "targets", TARGET, Figure.Swatch.DASHED));
        }
        boolean below = bands.values().stream().flatMap(b -> b.values().stream()).anyMatch(b -> Arrays.stream(b.centre())
                .anyMatch(v -> v < y[0] || v <= floor * (1 + 1e-9)));
        if (below) {
            legend.add(new Figure.Key("lower edge: below 1e-15 of the maximum", TARGET, Figure.Swatch.NONE));
        }
        Figure.write(dir, name(measure, axis), () -> {
            List<XYChart> panels = new ArrayList<>();
            // The y axis is shared; each panel's x runs to its own runs' end (points may have different horizons); on the
            // log axis of bytes, from its first (positive) x.
            bands.forEach((point, protocols) -> panels.add(panel(Titles.of(point, points.keySet(), analysis.title()), protocols,
                    measure, colors, axis, y, axis != Axis.BYTES ? 0 : protocols.values().stream().filter(b -> b.x().length > 0)
                            .mapToDouble(b -> b.x()[0]).min().orElse(1e-9),
                    protocols.values().stream().mapToDouble(b -> b.x().length == 0 ? 0 : b.x()[b.x().length - 1]).max().orElse(1),
                    levels)));
            return panels;
        }, legend);
    }

    /**
     * The largest value of the measure in any run (for an error, its initial value; a spread starts at zero): the scale
     * the numerical floor is relative to.
     */
    private static double largest(MetricsTable table, Measure measure) {
        double largest = table.series().stream().flatMapToDouble(s -> Arrays.stream(s.values(measure)))
                .filter(v -> v > 0 && Double.isFinite(v)).max().orElse(1);
        return largest;
    }

    /**
     * The instants at which a panel's runs are averaged: all their measurement times, thinned to at most
     * {@link #TIME_POINTS}.
     */
    static double[] instants(List<Series> point) {
        return instants(point, Axis.TIME);
    }

    /** As {@link #instants(List)}, along any x axis that grows with each run's measurements; bytes above zero only. */
    static double[] instants(List<Series> point, Axis axis) {
        double[] all = point.stream().flatMapToDouble(s -> Arrays.stream(axis.of(s))).filter(x -> axis != Axis.BYTES || x > 0)
                .sorted().distinct().toArray();
        if (all.length > TIME_POINTS) {
            double[] thinned = new double[TIME_POINTS];
            for (int k = 0; k < TIME_POINTS; k++) {
                thinned[k] = all[(int) ((long) k * (all.length - 1) / (TIME_POINTS - 1))];
            }
            all = thinned;
        }
        return all;
    }

    /** Per protocol of one point: its band over seeds (geometric on a log scale, values floored first). */
    static Map<String, Band> bands(List<Series> point, Measure measure, boolean time, double floor) {
        return bands(point, measure, time ? Axis.TIME : Axis.ROUNDS, floor);
    }

    /** As {@link #bands(List, Measure, boolean, double)} along any axis: seeds are averaged at shared instants but rounds. */
    static Map<String, Band> bands(List<Series> point, Measure measure, Axis axis, double floor) {
        Map<String, Band> bands = new LinkedHashMap<>();
        boolean time = axis != Axis.ROUNDS;
        double[] instants = time ? instants(point, axis) : null;
        for (Map.Entry<String, List<Series>> protocol : MetricsTable.byProtocol(point).entrySet()) {
            List<Series> runs = protocol.getValue();
            int n = time ? instants.length : runs.stream().mapToInt(Series::size).min().orElse(0);
            Band band = new Band(new double[n], new double[n], new double[n], new double[n]);
            for (int k = 0; k < n; k++) {
                double[] values = new double[runs.size()];
                double x = 0;
                for (int s = 0; s < runs.size(); s++) {
                    Series run = runs.get(s);
                    double v;
                    if (time) {
                        v = run.values(measure)[lastAtOrBefore(axis.of(run), instants[k])];
                        x = instants[k];
                    } else {
                        v = run.values(measure)[k];
                        x += run.round()[k] / runs.size();
                    }
                    values[s] = measure.logarithmic() ? Math.log(Math.max(v, floor)) : v;
                }
                Interval interval = Interval.of(values);
                band.x()[k] = x;
                band.centre()[k] = measure.logarithmic() ? Math.exp(interval.mean()) : interval.mean();
                band.low()[k] = measure.logarithmic() ? Math.exp(interval.low()) : interval.low();
                band.high()[k] = measure.logarithmic() ? Math.exp(interval.high()) : interval.high();
            }
            bands.put(protocol.getKey(), band);
        }
        return bands;
    }

    /** The index of the last measurement at or before {@code t} (the value holds until the next one). */
    static int lastAtOrBefore(double[] times, double t) {
        int k = Arrays.binarySearch(times, t);
        if (k >= 0) {
            while (k + 1 < times.length && times[k + 1] == t) {
                k++;
            }
            return k;
        }
        return Math.max(0, -k - 2);
    }

    /**
     * The y range every panel shares: the lines, the bands' lower edges and the targets; on a log scale from the decade
     * below the smallest value above the floor to the decade above the largest line. A band wider than that (seeds
     * decades apart) is cut at the top rather than squeeze every line into a few decades.
     */
    static double[] yRange(Iterable<Map<String, Band>> bands, List<Double> levels, Measure measure, double floor) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (Map<String, Band> point : bands) {
            for (Band band : point.values()) {
                for (double[] values : measure.logarithmic() ? List.of(band.centre(), band.low()) : List.of(band.low(), band.high())) {
                    for (double v : values) {
                        if (Double.isFinite(v) && (!measure.logarithmic() || v > floor * (1 + 1e-9))) {
                            low = Math.min(low, v);
                        }
                    }
                }
                for (double v : measure.logarithmic() ? band.centre() : band.high()) {
                    if (Double.isFinite(v)) {
                        high = Math.max(high, v);
                    }
                }
            }
        }
        for (double level : levels) {
            low = Math.min(low, level);
            high = Math.max(high, level);
        }
        if (low > high) {
            return measure.logarithmic() ? new double[] {floor > 0 ? floor : 1e-3, 1} : new double[] {0, 1};
        }
        if (measure.logarithmic()) {
            // Whole decades when the data span several; a few decades' worth of empty axis would squeeze a narrow span.
            if (high / low > 1e3) {
                return new double[] {Math.pow(10, Math.floor(Math.log10(low))), Math.pow(10, Math.ceil(Math.log10(high)))};
            }
            return new double[] {low / 1.5, high * 1.5};
        }
        if (!measure.lowerIsBetter() && low >= 0 && high <= 1) {
            // Fractions (accuracy): a little room, within [0, 1].
            double pad = 0.04 * Math.max(high - low, 0.05);
            return new double[] {Math.max(0, low - pad), Math.min(1, high + pad)};
        }
        double pad = 0.04 * Math.max(high - low, Math.abs(high) * 1e-3 + 1e-12);
        return new double[] {low - pad, high + pad};
    }

    private static XYChart panel(String title, Map<String, Band> bands, Measure measure, Map<String, Color> colors, Axis axis,
                                 double[] y, double xMin, double xMax, List<Double> levels) {
        XYChart chart = new XYChartBuilder().width(Figure.PANEL_WIDTH).height(Figure.PANEL_HEIGHT).title(title)
                .xAxisTitle(axis.title).yAxisTitle(measure.title()).build();
        XYStyler styler = chart.getStyler();
        Figure.styleShared(styler);
        styler.setChartTitleFont(Figure.titleFont(title));
        styler.setYAxisLogarithmic(measure.logarithmic());
        styler.setYAxisMin(y[0]);
        styler.setYAxisMax(y[1]);
        styler.setXAxisLogarithmic(axis == Axis.BYTES);
        styler.setXAxisMin(xMin);
        styler.setXAxisMax(xMax > xMin ? xMax : xMin + 1);
        if (measure.logarithmic()) {
            styler.setYAxisTickLabelsFormattingFunction(Ticks.decades(y[0], y[1]));
            // XChart draws a tick and a grid line at 2..9 of every decade, a grey wall over many decades: grid lines
            // only where the labels are, underneath the curves.
            styler.setPlotGridHorizontalLinesVisible(false);
            styler.setAxisTicksMarksVisible(false);
            for (double level : Ticks.labelled(y[0], y[1])) {
                XYSeries grid = chart.addSeries("grid " + level, new double[] {xMin, xMax > xMin ? xMax : xMin + 1},
                        new double[] {level, level});
                grid.setLineColor(GRID);
                grid.setLineStyle(new BasicStroke(0.8f));
                grid.setMarker(SeriesMarkers.NONE);
            }
        } else {
            styler.setYAxisDecimalPattern(decimalPattern(y));
        }
        styler.setXAxisTickLabelsFormattingFunction(Ticks::plain);
        for (Map.Entry<String, Band> entry : bands.entrySet()) {
            Band band = entry.getValue();
            int n = band.x().length;
            if (n == 0) {
                continue;
            }
            Color color = colors.get(entry.getKey());
            double[] centre = clamp(band.centre(), y);
            if (!Double.isNaN(band.low()[0])) {
                double[] xs = new double[2 * n];
                double[] ys = new double[2 * n];
                double[] low = clamp(band.low(), y);
                double[] high = clamp(band.high(), y);
                for (int k = 0; k < n; k++) {
                    xs[k] = band.x()[k];
                    ys[k] = high[k];
                    xs[2 * n - 1 - k] = band.x()[k];
                    ys[2 * n - 1 - k] = low[k];
                }
                XYSeries area = chart.addSeries(entry.getKey() + " (95% CI)", xs, ys);
                area.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                area.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 45));
                area.setLineStyle(SeriesLines.NONE);
                area.setMarker(SeriesMarkers.NONE);
            }
            XYSeries line = chart.addSeries(entry.getKey(), band.x().clone(), centre);
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setLineColor(color);
            line.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            line.setMarker(SeriesMarkers.NONE);
        }
        for (int t = 0; t < levels.size(); t++) {
            XYSeries target = chart.addSeries("target " + t, new double[] {xMin, xMax > xMin ? xMax : xMin + 1},
                    new double[] {levels.get(t), levels.get(t)});
            target.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            target.setLineColor(TARGET);
            target.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
            target.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /**
     * A pattern that tells a linear axis's ticks apart: XChart looks for distinct labels and never stops when every tick
     * reads the same (a measure at round-off, such as an exact aggregate's bias of 1e-8, under "0.##"). Two decimals
     * for a range of a twentieth or more; otherwise scientific, with the significant digits the range's width needs.
     */
    static String decimalPattern(double[] range) {
        double width = range[1] - range[0];
        if (width >= 0.05) {
            return "0.##";
        }
        double magnitude = Math.max(Math.abs(range[0]), Math.abs(range[1]));
        int digits = Math.max(2, (int) Math.ceil(Math.log10(magnitude / width)) + 1);
        return "0." + "#".repeat(digits) + "E0";
    }

    /** Values within the axis range: below it they are drawn on its lower edge (the floor), above it on its upper. */
    private static double[] clamp(double[] values, double[] range) {
        double[] clamped = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            clamped[k] = Math.min(range[1], Math.max(range[0], values[k]));
        }
        return clamped;
    }
}
