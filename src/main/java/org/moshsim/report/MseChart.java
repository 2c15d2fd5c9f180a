package org.moshsim.report;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.moshsim.metrics.AtomicFiles;
import org.moshsim.metrics.Background;
import org.moshsim.metrics.MetricsTable;
import org.moshsim.metrics.Series;

/**
 * The mean squared error against rounds on a log scale: one panel per point of the sweep, one line per
 * protocol (the mean over seeds) with its 95% confidence band. Where a band reaches zero it is drawn down
 * to the panel's smallest plotted value. Written as {@code mse.png} and {@code mse.svg}.
 */
public final class MseChart {
    public static final String PNG = "mse.png";
    public static final String SVG = "mse.svg";
    private static final int PANEL_WIDTH = 680;
    private static final int PANEL_HEIGHT = 420;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    private MseChart() {
    }

    /**
     * Renders the chart of a results folder's metrics; {@code title} heads a figure of one panel. The PNG and
     * the SVG are drawn at once on two threads, each from its own charts (XChart's are not thread-safe).
     */
    public static void render(Path dir, MetricsTable table, String title) {
        CompletableFuture<Void> svg = Background.run("svg chart", () -> writeSvg(dir.resolve(SVG), panels(table, title)));
        writePng(dir.resolve(PNG), panels(table, title));
        Background.join(svg);
    }

    private static List<XYChart> panels(MetricsTable table, String title) {
        Map<String, Color> colors = new LinkedHashMap<>();
        table.series().forEach(s -> colors.computeIfAbsent(s.protocol(), p -> PALETTE[colors.size() % PALETTE.length]));
        List<XYChart> panels = new ArrayList<>();
        for (Map.Entry<Map<String, String>, List<Series>> point : table.byPoint().entrySet()) {
            String panelTitle = point.getKey().isEmpty() ? title : titleOf(point.getKey());
            panels.add(panel(panelTitle, point.getValue(), colors));
        }
        return panels;
    }

    private static int columns(List<XYChart> panels) {
        return panels.size() <= 3 ? panels.size() : (int) Math.ceil(Math.sqrt(panels.size()));
    }

    private static int rows(List<XYChart> panels) {
        return (panels.size() + columns(panels) - 1) / columns(panels);
    }

    private static void writePng(Path file, List<XYChart> panels) {
        BufferedImage image = new BufferedImage(columns(panels) * PANEL_WIDTH, rows(panels) * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D bitmap = image.createGraphics();
        bitmap.setColor(Color.WHITE);
        bitmap.fillRect(0, 0, image.getWidth(), image.getHeight());
        paint(bitmap, panels);
        bitmap.dispose();
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
    }

    private static void writeSvg(Path file, List<XYChart> panels) {
        VectorGraphics2D vector = new VectorGraphics2D();
        paint(vector, panels);
        PageSize page = new PageSize(0, 0, columns(panels) * PANEL_WIDTH, rows(panels) * PANEL_HEIGHT);
        AtomicFiles.write(file, out -> new SVGProcessor().getDocument(vector.getCommands(), page).writeTo(out));
    }

    private static void paint(Graphics2D g, List<XYChart> panels) {
        int columns = columns(panels);
        for (int i = 0; i < panels.size(); i++) {
            Graphics2D cell = (Graphics2D) g.create((i % columns) * PANEL_WIDTH, (i / columns) * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT);
            panels.get(i).paint(cell, PANEL_WIDTH, PANEL_HEIGHT);
            cell.dispose();
        }
    }

    private static XYChart panel(String title, List<Series> point, Map<String, Color> colors) {
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title)
                .xAxisTitle("round").yAxisTitle("mean squared error").build();
        XYStyler styler = chart.getStyler();
        chart.getStyler().setYAxisLogarithmic(true);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xececec));
        styler.setPlotGridLinesStroke(new BasicStroke(0.6f));
        styler.setLegendBorderColor(Color.WHITE);

        Map<String, double[][]> bands = new LinkedHashMap<>();
        double floor = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, List<Series>> protocol : MetricsTable.byProtocol(point).entrySet()) {
            List<Series> runs = protocol.getValue();
            int rounds = runs.stream().mapToInt(Series::rounds).min().orElse(0);
            double[][] band = new double[3][rounds + 1];
            for (int r = 0; r <= rounds; r++) {
                int round = r;
                Interval interval = Interval.of(runs.stream().mapToDouble(s -> s.mse()[round]).toArray());
                band[0][r] = interval.mean();
                band[1][r] = interval.low();
                band[2][r] = interval.high();
                for (double v : new double[] {interval.mean(), interval.low()}) {
                    if (v > 0) {
                        floor = Math.min(floor, v);
                    }
                }
            }
            bands.put(protocol.getKey(), band);
        }
        if (Double.isInfinite(floor)) {
            floor = 1e-30;
        }
        for (Map.Entry<String, double[][]> entry : bands.entrySet()) {
            double[][] band = entry.getValue();
            int n = band[0].length;
            Color color = colors.get(entry.getKey());
            if (!Double.isNaN(band[1][0])) {
                double[] xs = new double[2 * n];
                double[] ys = new double[2 * n];
                for (int r = 0; r < n; r++) {
                    xs[r] = r;
                    ys[r] = Math.max(band[2][r], floor);
                    xs[2 * n - 1 - r] = r;
                    ys[2 * n - 1 - r] = Math.max(band[1][r], floor);
                }
                XYSeries area = chart.addSeries(entry.getKey() + " (95% CI)", xs, ys);
                area.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                area.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 50));
                area.setLineStyle(SeriesLines.NONE);
                area.setMarker(SeriesMarkers.NONE);
                area.setShowInLegend(false);
            }
            double[] xs = new double[n];
            double[] ys = new double[n];
            for (int r = 0; r < n; r++) {
                xs[r] = r;
                ys[r] = Math.max(band[0][r], floor);
            }
            XYSeries line = chart.addSeries(entry.getKey(), xs, ys);
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setLineColor(color);
            line.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static String titleOf(Map<String, String> coordinates) {
        StringBuilder title = new StringBuilder();
        coordinates.forEach((key, value) -> title.append(title.length() == 0 ? "" : ", ").append(key).append(" = ").append(value));
        return title.toString();
    }
}
