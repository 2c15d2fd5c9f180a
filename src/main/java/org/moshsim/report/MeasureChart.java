package org.moshsim.report;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.moshsim.metrics.MetricsTable;
import org.moshsim.metrics.Series;

/**
 * One measure (the mean squared error, a loss, an accuracy...), one panel per point of the sweep, one line per protocol (the mean over
 * seeds) with its 95% confidence band; where a band reaches zero it is drawn down to the panel's smallest
 * plotted value (errors and losses are drawn on a log scale). Two figures per measure, named by its column:
 * against rounds (e.g. {@code mse.png}, {@code mse.svg}; asynchronous runs: effective rounds) and against
 * simulated seconds (e.g. {@code mse-time.png}, {@code mse-time.svg}; each run's value holds
 * between its measurements, and seeds are averaged at the panel's measurement times, at most 250 of them); on request,
 * a third against the gigabytes the busiest peer has sent (e.g. {@code accuracy-bytes.png}, averaged the same way).
 */
public final class MeasureChart {
    private static final int TIME_POINTS = 250;

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
                return java.util.Arrays.stream(run.bytesPeerMax()).map(b -> b / 1e9).toArray();
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

    /** Renders the figure against rounds or against seconds; {@code title} heads a figure of one panel. */
    public static void render(Path dir, MetricsTable table, Measure measure, String title, boolean time) {
        render(dir, table, measure, title, time ? Axis.TIME : Axis.ROUNDS);
    }

    /** Renders the figure against rounds, seconds or bytes; {@code title} heads a figure of one panel. */
    public static void render(Path dir, MetricsTable table, Measure measure, String title, Axis axis) {
        Map<String, Color> colors = new LinkedHashMap<>();
        table.series().forEach(s -> colors.computeIfAbsent(s.protocol(), p -> Figure.PALETTE[colors.size() % Figure.PALETTE.length]));
        Figure.write(dir, name(measure, axis), () -> panels(table, measure, title, colors, axis));
    }

    private static List<XYChart> panels(MetricsTable table, Measure measure, String title, Map<String, Color> colors, Axis axis) {
        List<XYChart> panels = new ArrayList<>();
        for (Map.Entry<Map<String, String>, List<Series>> point : table.byPoint().entrySet()) {
            String panelTitle = point.getKey().isEmpty() ? title : titleOf(point.getKey());
            panels.add(panel(panelTitle, point.getValue(), measure, colors, axis));
        }
        return panels;
    }

    /**
     * The instants at which a panel's runs are averaged: all their measurement times, thinned to at most
     * {@link #TIME_POINTS}. XChart puts the ticks of an evenly spaced axis on data points, at odd values; an
     * evenly spaced grid (asynchronous samples) therefore loses its second point, to get round numbers.
     */
    static double[] instants(List<Series> point) {
        return instants(point, Axis.TIME);
    }

    /** As {@link #instants(List)}, along any x axis whose values grow with each run's measurements. */
    static double[] instants(List<Series> point, Axis axis) {
        // Bytes are drawn on a log axis (compressors differ by orders of magnitude), which has no room for zero.
        double[] all = point.stream().flatMapToDouble(s -> java.util.Arrays.stream(axis.of(s))).filter(x -> axis != Axis.BYTES || x > 0)
                .sorted().distinct().toArray();
        if (all.length > TIME_POINTS) {
            double[] thinned = new double[TIME_POINTS];
            for (int k = 0; k < TIME_POINTS; k++) {
                thinned[k] = all[(int) ((long) k * (all.length - 1) / (TIME_POINTS - 1))];
            }
            all = thinned;
        }
        boolean even = all.length > 3;
        for (int k = 2; k < all.length && even; k++) {
            even = Math.abs(all[k] - all[k - 1] - (all[1] - all[0])) < 1e-9 * all[all.length - 1];
        }
        if (even) {
            double[] uneven = new double[all.length - 1];
            uneven[0] = all[0];
            System.arraycopy(all, 2, uneven, 1, all.length - 2);
            all = uneven;
        }
        return all;
    }

    /** Per protocol: x, and the mean, low and high of the measure over seeds at each x. */
    private static Map<String, double[][]> bands(List<Series> point, Measure measure, Axis axis) {
        Map<String, double[][]> bands = new LinkedHashMap<>();
        boolean time = axis != Axis.ROUNDS;
        double[] instants = time ? instants(point, axis) : null;
        for (Map.Entry<String, List<Series>> protocol : MetricsTable.byProtocol(point).entrySet()) {
            List<Series> runs = protocol.getValue();
            int n = time ? instants.length : runs.stream().mapToInt(Series::size).min().orElse(0);
            double[][] band = new double[4][n];
            for (int k = 0; k < n; k++) {
                double[] values = new double[runs.size()];
                double x = 0;
                for (int s = 0; s < runs.size(); s++) {
                    Series run = runs.get(s);
                    if (time) {
                        values[s] = run.values(measure)[lastAtOrBefore(axis.of(run), instants[k])];
                        x = instants[k];
                    } else {
                        values[s] = run.values(measure)[k];
                        x += run.round()[k] / runs.size();
                    }
                }
                Interval interval = Interval.of(values);
                band[0][k] = x;
                band[1][k] = interval.mean();
                band[2][k] = interval.low();
                band[3][k] = interval.high();
            }
            bands.put(protocol.getKey(), band);
        }
        return bands;
    }

    /** The index of the last measurement at or before {@code t} (the error holds until the next one). */
    static int lastAtOrBefore(double[] times, double t) {
        int k = java.util.Arrays.binarySearch(times, t);
        if (k >= 0) {
            while (k + 1 < times.length && times[k + 1] == t) {
                k++;
            }
            return k;
        }
        return Math.max(0, -k - 2);
    }

    private static XYChart panel(String title, List<Series> point, Measure measure, Map<String, Color> colors, Axis axis) {
        XYChart chart = new XYChartBuilder().width(Figure.PANEL_WIDTH).height(Figure.PANEL_HEIGHT).title(title)
                .xAxisTitle(axis.title).yAxisTitle(measure.title()).build();
        XYStyler styler = chart.getStyler();
        styler.setYAxisLogarithmic(measure.logarithmic());
        styler.setXAxisLogarithmic(axis == Axis.BYTES);
        Figure.style(styler);

        Map<String, double[][]> bands = bands(point, measure, axis);
        // A log axis cannot show zero: clamp to the smallest positive value drawn.
        double floor = measure.logarithmic() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        for (double[][] band : bands.values()) {
            for (int k = 0; k < band[0].length; k++) {
                for (double v : new double[] {band[1][k], band[2][k]}) {
                    if (v > 0 && measure.logarithmic()) {
                        floor = Math.min(floor, v);
                    }
                }
            }
        }
        if (floor == Double.POSITIVE_INFINITY) {
            floor = 1e-30;
        }
        for (Map.Entry<String, double[][]> entry : bands.entrySet()) {
            double[][] band = entry.getValue();
            int n = band[0].length;
            Color color = colors.get(entry.getKey());
            if (n > 0 && !Double.isNaN(band[2][0])) {
                double[] xs = new double[2 * n];
                double[] ys = new double[2 * n];
                for (int k = 0; k < n; k++) {
                    xs[k] = band[0][k];
                    ys[k] = Math.max(band[3][k], floor);
                    xs[2 * n - 1 - k] = band[0][k];
                    ys[2 * n - 1 - k] = Math.max(band[2][k], floor);
                }
                XYSeries area = chart.addSeries(entry.getKey() + " (95% CI)", xs, ys);
                area.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                area.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 50));
                area.setLineStyle(SeriesLines.NONE);
                area.setMarker(SeriesMarkers.NONE);
                area.setShowInLegend(false);
            }
            double[] ys = new double[n];
            for (int k = 0; k < n; k++) {
                ys[k] = Math.max(band[1][k], floor);
            }
            XYSeries line = chart.addSeries(entry.getKey(), band[0].clone(), ys);
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setLineColor(color);
            line.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    static String titleOf(Map<String, String> coordinates) {
        StringBuilder title = new StringBuilder();
        coordinates.forEach((key, value) -> title.append(title.length() == 0 ? "" : ", ").append(key).append(" = ").append(value));
        return title.toString();
    }
}
