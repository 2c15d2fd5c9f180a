package org.moshsim.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.moshsim.Comparison;
import org.moshsim.Target;
import org.moshsim.metrics.MetricsTable;

/**
 * Speedups on a log axis with a 1x line: per target, one panel of every protocol's speedup over the reference at
 * each point, and one panel per comparison of the config. A dot is the geometric mean of the paired per-seed ratios,
 * its bar the 95% interval on the log scale; a diamond rests on fewer seed pairs than the minimum; a cross at the
 * bottom marks a cell where no seed pair reached the target. Written as {@code speedup.png}, {@code .pdf} and {@code .svg}.
 */
final class SpeedupChart {
    public static final String NAME = "speedup";
    private static final Color ONE = new Color(0x333333);

    private SpeedupChart() {
    }

    /** One dot with its interval: the series (a protocol), the category (a point) and the ratio. */
    record Dot(String series, String category, PairedRatio ratio) {
    }

    /** A panel's content before it is drawn. */
    record Panel(String title, String xTitle, String yTitle, List<String> categories, List<Dot> dots) {
    }

    /** Renders the panels, unless there is nothing to compare (one protocol and no comparison). */
    public static void render(Path dir, MetricsTable table, Analysis analysis) {
        List<Summary.Row> rows = Summary.compute(table, analysis.targets());
        List<Summary.Compared> compared = Summary.compare(table, analysis.targets(), analysis.comparisons());
        List<Panel> panels = panels(table, analysis, rows, compared);
        if (panels.isEmpty()) {
            return;
        }
        Map<String, Color> protocols = Figure.colors(table);
        Map<String, Color> colors = new LinkedHashMap<>();
        // A comparison takes the next colour after the protocols', so it never wears a protocol's.
        int[] comparisons = {0};
        panels.forEach(p -> p.dots().forEach(d -> colors.computeIfAbsent(d.series(), k -> protocols.containsKey(k) ? protocols.get(k)
                : Figure.PALETTE[(protocols.size() + comparisons[0]++) % Figure.PALETTE.length])));
        double[] y = yRange(panels);
        List<Figure.Key> legend = new ArrayList<>();
        colors.forEach((series, color) -> legend.add(new Figure.Key(series, color, Figure.Swatch.DOT)));
        legend.add(new Figure.Key("fewer than " + analysis.minSeeds() + " seed pairs", Color.GRAY, Figure.Swatch.DIAMOND));
        legend.add(new Figure.Key("no seed pair reached the target", Color.GRAY, Figure.Swatch.CROSS));
        legend.add(new Figure.Key("1x", ONE, Figure.Swatch.DASHED));
        Figure.write(dir, NAME, analysis.formats(), () -> panels.stream().map(p -> chart(p, colors, y, analysis.minSeeds())).toList(), legend);
    }

    static List<Panel> panels(MetricsTable table, Analysis analysis, List<Summary.Row> rows, List<Summary.Compared> compared) {
        List<Panel> panels = new ArrayList<>();
        List<String> protocols = rows.stream().map(Summary.Row::protocol).distinct().toList();
        List<Map<String, String>> points = rows.stream().map(Summary.Row::coordinates).distinct().toList();
        String reference = protocols.isEmpty() ? null : analysis.referenceAmong(protocols);
        String xTitle = table.sweptKeys().contains(Titles.POINT) ? "" : String.join(", ", table.sweptKeys());
        for (int t = 0; t < analysis.targets().size(); t++) {
            Target target = analysis.targets().get(t);
            if (protocols.size() > 1) {
                List<Dot> dots = new ArrayList<>();
                for (Summary.Row row : rows) {
                    if (!row.protocol().equals(reference)) {
                        dots.add(new Dot(row.protocol(), category(row.coordinates(), points, analysis.title()),
                                row.speedups().get(reference).get(t)));
                    }
                }
                panels.add(new Panel("to " + target.describe(), xTitle, "speedup over " + reference,
                        points.stream().map(p -> category(p, points, analysis.title())).toList(), dots));
            }
        }
        for (Comparison comparison : analysis.comparisons()) {
            List<Summary.Compared> pairs = compared.stream().filter(c -> c.name().equals(comparison.name())).toList();
            if (pairs.isEmpty()) {
                continue;
            }
            List<Map<String, String>> shared = pairs.stream().map(c -> shared(c.pair())).toList();
            // Candidates that are different points (a list of them) stand side by side under their labels.
            List<Map<String, String>> candidates = pairs.stream().map(c -> c.pair().candidate()).toList();
            boolean byPoint = candidates.stream().map(c -> c.get(Titles.POINT)).distinct().count() > 1;
            for (int t = 0; t < analysis.targets().size(); t++) {
                List<Dot> dots = new ArrayList<>();
                List<String> categories = new ArrayList<>();
                for (Summary.Compared c : pairs) {
                    Comparison.Pair pair = c.pair();
                    String series = pair.candidateProtocol().equals(pair.baselineProtocol()) ? pair.candidateProtocol()
                            : pair.candidateProtocol() + " vs " + pair.baselineProtocol();
                    String category = byPoint ? Titles.of(pair.candidate(), candidates, "") : Titles.of(shared(pair), shared, "");
                    if (!categories.contains(category)) {
                        categories.add(category);
                    }
                    dots.add(new Dot(series, category, c.speedups().get(t)));
                }
                panels.add(byOneKey(new Panel(comparison.name() + ", to " + analysis.targets().get(t).describe(), "",
                        "speedup over the baseline", categories, dots)));
            }
        }
        return panels;
    }

    /**
     * A panel whose categories all read "key = value" with one key names the key once, as the axis title, and each
     * category by its value.
     */
    static Panel byOneKey(Panel panel) {
        String key = null;
        for (String category : panel.categories()) {
            int at = category.indexOf(" = ");
            String own = at < 0 || category.contains(", ") ? null : category.substring(0, at);
            if (own == null || key != null && !key.equals(own)) {
                return panel;
            }
            key = own;
        }
        if (key == null) {
            return panel;
        }
        int cut = key.length() + 3;
        return new Panel(panel.title(), key, panel.yTitle(), panel.categories().stream().map(c -> c.substring(cut)).toList(),
                panel.dots().stream().map(d -> new Dot(d.series(), d.category().substring(cut), d.ratio())).toList());
    }

    /** A point's category: its label or swept values (the keys are the axis title); none when nothing is swept. */
    private static String category(Map<String, String> point, List<Map<String, String>> all, String whole) {
        if (point.containsKey(Titles.POINT)) {
            return Titles.of(point, all, whole);
        }
        return String.join(", ", point.values());
    }

    /**
     * The swept values the two cells of a comparison's pair share (those that matched them); a pair's category names
     * those that tell it apart from the comparison's other pairs.
     */
    private static Map<String, String> shared(Comparison.Pair pair) {
        Map<String, String> same = new LinkedHashMap<>();
        pair.candidate().forEach((key, value) -> {
            if (Objects.equals(value, pair.baseline().get(key))) {
                same.put(key, value);
            }
        });
        return same;
    }

    /** One log range for every panel: the decades around all estimates and intervals, and 1. */
    static double[] yRange(List<Panel> panels) {
        double low = 1;
        double high = 1;
        for (Panel panel : panels) {
            for (Dot dot : panel.dots()) {
                for (double v : new double[] {dot.ratio().value(), dot.ratio().low(), dot.ratio().high()}) {
                    if (Double.isFinite(v) && v > 0) {
                        low = Math.min(low, v);
                        high = Math.max(high, v);
                    }
                }
            }
        }
        low = Math.pow(10, Math.floor(Math.log10(low) - 1e-9));
        high = Math.pow(10, Math.ceil(Math.log10(high) + 1e-9));
        return new double[] {low, high};
    }

    private static XYChart chart(Panel panel, Map<String, Color> colors, double[] y, int minSeeds) {
        boolean stagger = crowded(panel.categories());
        XYChart chart = new Categories(panel.categories(), stagger);
        chart.setTitle(panel.title());
        chart.setXAxisTitle(panel.xTitle().isEmpty() ? " " : panel.xTitle());
        chart.setYAxisTitle(panel.yTitle());
        XYStyler styler = chart.getStyler();
        Figure.styleShared(styler);
        styler.setChartTitleFont(Figure.titleFont(panel.title()));
        int m = panel.categories().size();
        styler.setXAxisMin(-0.5);
        styler.setXAxisMax(m - 0.5);
        styler.setYAxisLogarithmic(true);
        styler.setYAxisMin(y[0]);
        styler.setYAxisMax(y[1]);
        styler.setYAxisTickLabelsFormattingFunction(v -> {
            String label = Ticks.decades(y[0], y[1]).apply(v);
            return label.isEmpty() ? "" : label + "x";
        });
        styler.setPlotGridVerticalLinesVisible(false);
        // XChart's ticks fall where its step puts them: the categories' names are drawn by Categories, under blank labels.
        styler.setXAxisTickLabelsFormattingFunction(v -> " ");
        styler.setAxisTicksMarksVisible(true);

        XYSeries one = chart.addSeries("1x", new double[] {-0.5, m - 0.5}, new double[] {1, 1});
        one.setLineColor(ONE);
        one.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
        one.setMarker(SeriesMarkers.NONE);
        List<String> series = panel.dots().stream().map(Dot::series).distinct().toList();
        double width = 0.7 / Math.max(1, series.size());
        double bottom = y[0] * Math.pow(y[1] / y[0], 0.04);
        int id = 0;
        for (Dot dot : panel.dots()) {
            int j = series.indexOf(dot.series());
            double x = panel.categories().indexOf(dot.category()) + (j - (series.size() - 1) / 2.0) * width;
            Color color = colors.get(dot.series());
            PairedRatio r = dot.ratio();
            if (r.pairs() == 0) {
                XYSeries cross = chart.addSeries("none " + id++, new double[] {x}, new double[] {bottom});
                cross.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                cross.setMarker(SeriesMarkers.CROSS);
                cross.setMarkerColor(color);
                continue;
            }
            if (!Double.isNaN(r.low())) {
                XYSeries bar = chart.addSeries("interval " + id++, new double[] {x, x},
                        new double[] {Math.max(r.low(), y[0]), Math.min(r.high(), y[1])});
                bar.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                bar.setLineColor(color);
                bar.setLineStyle(new BasicStroke(2f));
                bar.setMarker(SeriesMarkers.NONE);
            }
            XYSeries estimate = chart.addSeries("estimate " + id++, new double[] {x}, new double[] {r.value()});
            estimate.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            estimate.setMarker(r.tooFew(minSeeds) ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
            estimate.setMarkerColor(color);
        }
        styler.setMarkerSize(10);
        return chart;
    }

    /** Whether some category's name, at 9 points, is wider than its share of the axis: then names alternate two rows. */
    static boolean crowded(List<String> categories) {
        java.awt.FontMetrics metrics = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB)
                .createGraphics().getFontMetrics(Figure.TICKS.deriveFont(9f));
        double slot = 0.8 * Figure.PANEL_WIDTH / Math.max(1, categories.size());
        return categories.size() > 1 && categories.stream().anyMatch(name -> metrics.stringWidth(name) > slot - 4);
    }

    /** A panel whose x axis names its categories at 0, 1, ..., m - 1, in one row or, crowded, alternating two. */
    private static final class Categories extends XYChart {
        private final List<String> categories;
        private final boolean stagger;

        Categories(List<String> categories, boolean stagger) {
            super(Figure.PANEL_WIDTH, Figure.PANEL_HEIGHT);
            this.categories = categories;
            this.stagger = stagger;
        }

        @Override
        public void paint(java.awt.Graphics2D g, int width, int height) {
            super.paint(g, width, height);
            g.setFont(Figure.TICKS);
            g.setColor(Color.BLACK);
            java.awt.FontMetrics metrics = g.getFontMetrics();
            double bottom = getScreenYFromChart(getStyler().getYAxisMin());
            double slot = (categories.size() < 2 ? width : getScreenXFromChart(1) - getScreenXFromChart(0)) * (stagger ? 2 : 1);
            for (int c = 0; c < categories.size(); c++) {
                String name = categories.get(c);
                // A name wider than its room shrinks (down to 8 points) rather than run into its neighbour's.
                java.awt.Font font = Figure.TICKS;
                while (font.getSize() > 8 && g.getFontMetrics(font).stringWidth(name) > slot - 4) {
                    font = font.deriveFont((float) font.getSize() - 1);
                }
                g.setFont(font);
                int w = g.getFontMetrics(font).stringWidth(name);
                double drop = stagger && c % 2 == 1 ? 0.8 * metrics.getAscent() : 0; // what room there is below the axis
                g.drawString(name, (float) (getScreenXFromChart(c) - w / 2.0), (float) (bottom + 6 + metrics.getAscent() + drop));
            }
        }
    }
}
