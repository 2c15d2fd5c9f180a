package org.moshsim.report;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.intermediate.CommandSequence;
import de.erichseifert.vectorgraphics2d.pdf.PDFProcessor;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.GlyphVector;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.AttributedCharacterIterator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.moshsim.metrics.AtomicFiles;
import org.moshsim.metrics.Background;

/**
 * A figure of XChart panels in a grid (up to three in a row, else a near-square), with one legend for all panels
 * below them, written as PNG (at twice the size, for screens), PDF (vector, text as outlines, for LaTeX) and, when
 * asked for, SVG.
 * A panel is 420 x 300 points with 12-14 point text, so that one panel scaled to a two-column paper's column width
 * (about 240 points) keeps its text at 7-8 points. The formats are drawn at once on their own threads, each from its own
 * panels: XChart's charts are not thread-safe.
 */
final class Figure {
    private static final Pattern CLIP = Pattern.compile("clip-?[0-9]+");
    /** Coordinates to a hundredth of a pixel: VectorGraphics2D writes them to the full double, half of the file. */
    private static final Pattern PRECISION = Pattern.compile("(\\d\\.\\d{2})\\d+");
    private static final int PNG_SCALE = 2;
    private static final double POINT_IN_MM = 25.4 / 72;
    static final int PANEL_WIDTH = 420;
    static final int PANEL_HEIGHT = 300;
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    static final Font AXIS_TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    /** How a legend entry is drawn. */
    enum Swatch { LINE, DASHED, DOT, DIAMOND, CROSS, NONE }

    /** An entry of the figure's legend. */
    record Key(String label, Color color, Swatch swatch) {
    }

    private Figure() {
    }

    /** A colour per protocol, in the order of the table, so that a protocol keeps its colour in every figure. */
    static Map<String, Color> colors(org.moshsim.metrics.MetricsTable table) {
        Map<String, Color> colors = new java.util.LinkedHashMap<>();
        table.series().forEach(s -> colors.computeIfAbsent(s.protocol(), p -> PALETTE[colors.size() % PALETTE.length]));
        return colors;
    }

    /** The look of a panel with its own legend beside the plot: white background, light grid, legible fonts. */
    static void style(AxesChartStyler styler) {
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xe4e4e4));
        styler.setPlotGridLinesStroke(new BasicStroke(0.6f));
        styler.setLegendBorderColor(Color.WHITE);
        styler.setChartTitleFont(TITLE);
        styler.setAxisTitleFont(AXIS_TITLE);
        styler.setAxisTickLabelsFont(TICKS);
        styler.setLegendFont(LEGEND);
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitlePadding(4);
        styler.setPlotMargin(4);
    }

    /** The look of a panel of a figure with one legend for all panels: as {@link #style}, without the panel's legend. */
    static void styleShared(AxesChartStyler styler) {
        style(styler);
        styler.setLegendVisible(false);
    }

    /**
     * The title's font: the panel's title font, made smaller (down to 9 points) until {@code title} fits the panel's
     * width, so that it is never cut off.
     */
    static Font titleFont(String title) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        Font font = TITLE;
        while (font.getSize() > 9 && g.getFontMetrics(font).stringWidth(title) > PANEL_WIDTH - 16) {
            font = font.deriveFont((float) font.getSize() - 1);
        }
        g.dispose();
        return font;
    }

    /** Writes {@code name}.png, .pdf (and .svg) with each panel's own legend; {@code panels} builds a fresh set each call. */
    static void write(Path dir, String name, List<String> formats, Supplier<List<? extends Chart<?, ?>>> panels) {
        write(dir, name, formats, panels, List.of());
    }

    /** Writes {@code name} in each of {@code formats} (png, pdf, svg) with {@code legend} below the panels (none when empty). */
    static void write(Path dir, String name, List<String> formats, Supplier<List<? extends Chart<?, ?>>> panels, List<Key> legend) {
        CompletableFuture<Void> svg = !formats.contains("svg") ? null
                : Background.run(name + ".svg", () -> writeSvg(dir.resolve(name + ".svg"), panels.get(), legend));
        CompletableFuture<Void> pdf = !formats.contains("pdf") ? null
                : Background.run(name + ".pdf", () -> writePdf(dir.resolve(name + ".pdf"), panels.get(), legend));
        if (formats.contains("png")) {
            writePng(dir.resolve(name + ".png"), panels.get(), legend);
        }
        if (svg != null) {
            Background.join(svg);
        }
        if (pdf != null) {
            Background.join(pdf);
        }
    }

    private static int columns(List<? extends Chart<?, ?>> panels) {
        return panels.size() <= 3 ? panels.size() : (int) Math.ceil(Math.sqrt(panels.size()));
    }

    private static int rows(List<? extends Chart<?, ?>> panels) {
        return (panels.size() + columns(panels) - 1) / columns(panels);
    }

    private static int width(List<? extends Chart<?, ?>> panels) {
        return Math.max(1, columns(panels)) * PANEL_WIDTH;
    }

    private static int height(List<? extends Chart<?, ?>> panels, List<Key> legend) {
        return rows(panels) * PANEL_HEIGHT + Legend.height(legend, width(panels));
    }

    private static void writePng(Path file, List<? extends Chart<?, ?>> panels, List<Key> legend) {
        BufferedImage image = new BufferedImage(width(panels) * PNG_SCALE, height(panels, legend) * PNG_SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D bitmap = image.createGraphics();
        bitmap.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        bitmap.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        bitmap.scale(PNG_SCALE, PNG_SCALE);
        bitmap.setColor(Color.WHITE);
        bitmap.fillRect(0, 0, width(panels), height(panels, legend));
        paint(bitmap, panels, legend);
        bitmap.dispose();
        AtomicFiles.write(file, out -> PngEncoder.write(image, out));
    }

    private static CommandSequence vector(List<? extends Chart<?, ?>> panels, List<Key> legend, boolean outlines) {
        VectorGraphics2D vector = outlines ? new Outlined() : new VectorGraphics2D();
        if (outlines) {
            // VectorGraphics2D's PDF unit is the millimetre: a panel's pixel becomes a point.
            vector.scale(POINT_IN_MM, POINT_IN_MM);
        }
        paint(vector, panels, legend);
        return vector.getCommands();
    }

    /** Text drawn as the outlines of its glyphs: the PDF then needs no fonts, embedded or not. */
    private static final class Outlined extends VectorGraphics2D {
        /** Kept here, not passed on: a font VectorGraphics2D hears of is declared in the PDF, unembedded. */
        private Font font = TICKS;

        @Override
        public void setFont(Font font) {
            if (font != null) {
                this.font = font;
            }
        }

        @Override
        public Font getFont() {
            return font;
        }

        @Override
        public FontMetrics getFontMetrics() {
            return getFontMetrics(font);
        }

        @Override
        public void drawString(String text, float x, float y) {
            if (text != null && !text.isBlank()) {
                fill(getFont().createGlyphVector(getFontRenderContext(), text).getOutline(x, y));
            }
        }

        @Override
        public void drawString(String text, int x, int y) {
            drawString(text, (float) x, (float) y);
        }

        @Override
        public void drawString(AttributedCharacterIterator text, float x, float y) {
            fill(new TextLayout(text, getFontRenderContext()).getOutline(AffineTransform.getTranslateInstance(x, y)));
        }

        @Override
        public void drawString(AttributedCharacterIterator text, int x, int y) {
            drawString(text, (float) x, (float) y);
        }

        @Override
        public void drawGlyphVector(GlyphVector glyphs, float x, float y) {
            fill(glyphs.getOutline(x, y));
        }
    }

    private static void writeSvg(Path file, List<? extends Chart<?, ?>> panels, List<Key> legend) {
        PageSize page = new PageSize(0, 0, width(panels), height(panels, legend));
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        try {
            new SVGProcessor().getDocument(vector(panels, legend, false), page).writeTo(svg);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = PRECISION.matcher(renumberClips(svg.toString(StandardCharsets.UTF_8))).replaceAll("$1");
        AtomicFiles.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Text as outlines: the PDF needs no fonts, and LaTeX and print shops take it as it is. */
    private static void writePdf(Path file, List<? extends Chart<?, ?>> panels, List<Key> legend) {
        PageSize page = new PageSize(0, 0, width(panels) * POINT_IN_MM, height(panels, legend) * POINT_IN_MM);
        AtomicFiles.write(file, out -> new PDFProcessor(true).getDocument(vector(panels, legend, true), page).writeTo(out));
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

    private static void paint(Graphics2D g, List<? extends Chart<?, ?>> panels, List<Key> legend) {
        int columns = columns(panels);
        for (int i = 0; i < panels.size(); i++) {
            Graphics2D cell = (Graphics2D) g.create((i % columns) * PANEL_WIDTH, (i / columns) * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT);
            panels.get(i).paint(cell, PANEL_WIDTH, PANEL_HEIGHT);
            cell.dispose();
        }
        Graphics2D strip = (Graphics2D) g.create(0, rows(panels) * PANEL_HEIGHT, width(panels), Legend.height(legend, width(panels)));
        Legend.paint(strip, legend, width(panels));
        strip.dispose();
    }

    /** The legend strip: entries left to right, wrapped to the figure's width, centred. */
    static final class Legend {
        private static final int ROW = 22;
        private static final int SWATCH = 26;
        private static final int GAP = 18;

        private Legend() {
        }

        static int height(List<Key> legend, int width) {
            return legend.isEmpty() ? 0 : rows(legend, width).size() * ROW + 10;
        }

        private static int entryWidth(FontMetrics metrics, Key key) {
            return (key.swatch() == Swatch.NONE ? 0 : SWATCH + 6) + metrics.stringWidth(key.label());
        }

        private static List<List<Key>> rows(List<Key> legend, int width) {
            BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scratch.createGraphics();
            FontMetrics metrics = g.getFontMetrics(LEGEND);
            List<List<Key>> rows = new java.util.ArrayList<>();
            List<Key> row = new java.util.ArrayList<>();
            int used = 0;
            for (Key key : legend) {
                int w = entryWidth(metrics, key) + GAP;
                if (!row.isEmpty() && used + w > width - 20) {
                    rows.add(row);
                    row = new java.util.ArrayList<>();
                    used = 0;
                }
                row.add(key);
                used += w;
            }
            if (!row.isEmpty()) {
                rows.add(row);
            }
            g.dispose();
            return rows;
        }

        static void paint(Graphics2D g, List<Key> legend, int width) {
            if (legend.isEmpty()) {
                return;
            }
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setFont(LEGEND);
            FontMetrics metrics = g.getFontMetrics(LEGEND);
            int y = 4;
            for (List<Key> row : rows(legend, width)) {
                int rowWidth = row.stream().mapToInt(k -> entryWidth(metrics, k) + GAP).sum() - GAP;
                int x = Math.max(4, (width - rowWidth) / 2);
                int mid = y + ROW / 2;
                for (Key key : row) {
                    swatch(g, key, x, mid);
                    g.setColor(key.swatch() == Swatch.NONE ? key.color() : Color.BLACK);
                    g.drawString(key.label(), x + (key.swatch() == Swatch.NONE ? 0 : SWATCH + 6), mid + metrics.getAscent() / 2 - 1);
                    x += entryWidth(metrics, key) + GAP;
                }
                y += ROW;
            }
        }

        private static void swatch(Graphics2D g, Key key, int x, int mid) {
            g.setColor(key.color());
            int c = x + SWATCH / 2;
            switch (key.swatch()) {
                case LINE -> {
                    g.setStroke(new BasicStroke(2.5f));
                    g.drawLine(x, mid, x + SWATCH, mid);
                }
                case DASHED -> {
                    g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
                    g.drawLine(x, mid, x + SWATCH, mid);
                }
                case DOT -> g.fillOval(c - 5, mid - 5, 10, 10);
                case DIAMOND -> g.fillPolygon(new int[] {c, c + 6, c, c - 6}, new int[] {mid - 6, mid, mid + 6, mid}, 4);
                case NONE -> {
                }
                case CROSS -> {
                    g.setStroke(new BasicStroke(2.5f));
                    g.drawLine(c - 5, mid - 5, c + 5, mid + 5);
                    g.drawLine(c - 5, mid + 5, c + 5, mid - 5);
                }
            }
        }
    }
}
