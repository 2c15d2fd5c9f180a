package org.moshsim.report;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.moshsim.metrics.AtomicFiles;
import org.moshsim.metrics.Background;

/**
 * A figure of XChart panels in a grid (up to three in a row, else a near-square), written as PNG and SVG. The
 * two are drawn at once on two threads, each from its own panels: XChart's charts are not thread-safe.
 */
final class Figure {
    private static final Pattern CLIP = Pattern.compile("clip-?[0-9]+");
    /** Coordinates to a hundredth of a pixel: VectorGraphics2D writes them to the full double, half of the file. */
    private static final Pattern PRECISION = Pattern.compile("(\\d\\.\\d{2})\\d+");
    static final int PANEL_WIDTH = 680;
    static final int PANEL_HEIGHT = 420;
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    private Figure() {
    }

    /** The figures' look: legend beside the plot, white background, light grid. */
    static void style(XYStyler styler) {
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xececec));
        styler.setPlotGridLinesStroke(new BasicStroke(0.6f));
        styler.setLegendBorderColor(Color.WHITE);
    }

    /** Writes {@code name}.png and {@code name}.svg in {@code dir}; {@code panels} builds a fresh set each call. */
    static void write(Path dir, String name, Supplier<List<? extends Chart<?, ?>>> panels) {
        CompletableFuture<Void> svg = Background.run(name + ".svg", () -> writeSvg(dir.resolve(name + ".svg"), panels.get()));
        writePng(dir.resolve(name + ".png"), panels.get());
        Background.join(svg);
    }

    private static int columns(List<? extends Chart<?, ?>> panels) {
        return panels.size() <= 3 ? panels.size() : (int) Math.ceil(Math.sqrt(panels.size()));
    }

    private static int rows(List<? extends Chart<?, ?>> panels) {
        return (panels.size() + columns(panels) - 1) / columns(panels);
    }

    private static void writePng(Path file, List<? extends Chart<?, ?>> panels) {
        BufferedImage image = new BufferedImage(columns(panels) * PANEL_WIDTH, rows(panels) * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D bitmap = image.createGraphics();
        bitmap.setColor(Color.WHITE);
        bitmap.fillRect(0, 0, image.getWidth(), image.getHeight());
        paint(bitmap, panels);
        bitmap.dispose();
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
    }

    private static void writeSvg(Path file, List<? extends Chart<?, ?>> panels) {
        VectorGraphics2D vector = new VectorGraphics2D();
        paint(vector, panels);
        PageSize page = new PageSize(0, 0, columns(panels) * PANEL_WIDTH, rows(panels) * PANEL_HEIGHT);
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        try {
            new SVGProcessor().getDocument(vector.getCommands(), page).writeTo(svg);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = PRECISION.matcher(renumberClips(svg.toString(StandardCharsets.UTF_8))).replaceAll("$1");
        AtomicFiles.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** VectorGraphics2D names clip paths by hash codes; numbered in order, the same figure gives the same file. */
    static String renumberClips(String svg) {
        Map<String, String> names = new HashMap<>();
        Matcher m = CLIP.matcher(svg);
        StringBuilder out = new StringBuilder(svg.length());
        while (m.find()) {
            m.appendReplacement(out, names.computeIfAbsent(m.group(), k -> "clip" + names.size()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static void paint(Graphics2D g, List<? extends Chart<?, ?>> panels) {
        int columns = columns(panels);
        for (int i = 0; i < panels.size(); i++) {
            Graphics2D cell = (Graphics2D) g.create((i % columns) * PANEL_WIDTH, (i / columns) * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT);
            panels.get(i).paint(cell, PANEL_WIDTH, PANEL_HEIGHT);
            cell.dispose();
        }
    }
}
