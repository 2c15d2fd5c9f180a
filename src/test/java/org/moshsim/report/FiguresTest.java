package org.moshsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moshsim.Comparison;
import org.moshsim.Measure;
import org.moshsim.Target;
import org.moshsim.metrics.MetricsTable;
import org.moshsim.metrics.Series;

/** What the figures promise a reader: positive bands, a range above the round-off floor, few tick labels, names. */
class FiguresTest {
    private static Series run(Map<String, String> point, String protocol, int seed, double... mse) {
        double[] rounds = new double[mse.length];
        for (int k = 0; k < rounds.length; k++) {
            rounds[k] = k;
        }
        return new Series(point, protocol, seed, rounds, rounds.clone(), new double[mse.length], new double[mse.length],
                List.of(Measure.MSE), new double[][] {mse}, Series.Stop.ROUNDS);
    }

    /** Seeds decades apart: an arithmetic band would reach below zero; the geometric one stays positive around its line. */
    @Test
    void logScaleBandsAreGeometricAndPositive() {
        List<Series> point = List.of(run(Map.of(), "a", 0, 1, 1e-2, 1e-8), run(Map.of(), "a", 1, 1, 1e-1, 1e-2),
                run(Map.of(), "a", 2, 1, 1e-3, 1e-11));
        MeasureChart.Band band = MeasureChart.bands(point, Measure.MSE, false, 1e-15).get("a");
        assertEquals(1e-7, band.centre()[2], 1e-15, "the geometric mean of 1e-8, 1e-2 and 1e-11");
        for (int k = 0; k < 3; k++) {
            assertTrue(band.low()[k] > 0 && band.low()[k] <= band.centre()[k] * (1 + 1e-12) && band.centre()[k] <= band.high()[k] * (1 + 1e-12),
                    "round " + k);
        }
    }

    /** Exact averages reach 1e-18, round-off: the axis starts at the smallest value above 1e-15 of the initial error. */
    @Test
    void theRangeIgnoresValuesBelowTheFloor() {
        List<Series> point = List.of(run(Map.of(), "exact", 0, 1, 1e-18), run(Map.of(), "slow", 0, 1, 1e-6));
        double floor = MeasureChart.FLOOR;
        Map<String, MeasureChart.Band> bands = MeasureChart.bands(point, Measure.MSE, false, floor);
        double[] range = MeasureChart.yRange(List.of(bands), List.of(1e-4), Measure.MSE, floor);
        assertEquals(1e-6, range[0], 1e-20, "the decade of the smallest value above the floor");
        assertEquals(1, range[1], 1e-12);
    }

    @Test
    void logTicksLabelAtMostSixDecadesInShortForm() {
        var labels = Ticks.decades(1e-18, 1);
        assertEquals("1", labels.apply(1.0));
        assertEquals("1e-6", labels.apply(1e-6));
        assertEquals("", labels.apply(1e-5), "every third decade of 18");
        assertEquals("", labels.apply(2e-6), "no minor ticks");
        assertEquals(7, Ticks.labelled(1e-18, 1).size());
        assertEquals("0.1", Ticks.decades(0.01, 10).apply(0.1));
        assertEquals("0.25", Ticks.plain(0.25));
        assertEquals("0.1", Ticks.plain(0.1 + 2e-17), "no 15-digit fractions");
        assertEquals("1.2e6", Ticks.plain(1.2e6));
    }

    @Test
    void titlesNameLabelledPointsAndLeaveOutEmptyValues() {
        Map<String, String> lossy = Map.of("point", "lossy-10", "packet-loss.rate", "0.1", "compression", "");
        Map<String, String> exact = Map.of("point", "exact", "packet-loss.rate", "0", "compression", "");
        assertEquals("lossy-10", Titles.of(lossy, List.of(lossy, exact), "x"), "the label stands for its keys");
        Map<String, String> a = new java.util.LinkedHashMap<>(Map.of("peers", "16"));
        a.put("failures.p", "0");
        Map<String, String> b = new java.util.LinkedHashMap<>(Map.of("peers", "16"));
        b.put("failures.p", "0.01");
        assertEquals("failures.p = 0.01", Titles.of(b, List.of(a, b), "x"), "a value all points share tells nothing");
        assertEquals("whole", Titles.of(Map.of(), List.of(Map.of()), "whole"));
    }

    /** Every figure comes as PNG, vector PDF and SVG, with the reference and the comparisons in the speedup figure. */
    @Test
    void everyFigureInThreeFormats(@TempDir Path dir) throws Exception {
        Map<String, String> p0 = Map.of("point", "a");
        Map<String, String> p1 = Map.of("point", "b");
        MetricsTable table = new MetricsTable(List.of("point"), List.of(
                run(p0, "x", 0, 1, 1e-3, 1e-6), run(p0, "x", 1, 1, 1e-2, 1e-7), run(p0, "y", 0, 1, 1e-1, 1e-3), run(p0, "y", 1, 1, 1e-2, 1e-5),
                run(p1, "x", 0, 1, 1e-2, 1e-5), run(p1, "x", 1, 1, 1e-3, 1e-5), run(p1, "y", 0, 1, 1e-1, 1e-1), run(p1, "y", 1, 1, 1e-1, 1e-1)));
        Analysis analysis = new Analysis(List.of(new Target(Measure.MSE, 1e-4)), "y",
                List.of(new Comparison("b-vs-a", List.of(new Comparison.Pair(p0, "x", p1, "x")))), 3, List.of("rounds", "speedup"), "t");
        Report.write(dir, table, analysis);
        for (String file : Report.files(analysis.figures(), analysis.formats(), table.measures())) {
            assertTrue(Files.size(dir.resolve(file)) > 0, file);
        }
        assertTrue(new String(Files.readAllBytes(dir.resolve("speedup.pdf")), 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-"));
        List<SpeedupChart.Panel> panels = SpeedupChart.panels(table, analysis, Summary.compute(table, analysis.targets()),
                Summary.compare(table, analysis.targets(), analysis.comparisons()));
        assertEquals(List.of("to mse < 1e-4", "b-vs-a, to mse < 1e-4"), panels.stream().map(SpeedupChart.Panel::title).toList());
        assertEquals("speedup over y", panels.get(0).yTitle(), "the reference is named");
        assertEquals(List.of(""), panels.get(1).categories(), "one pair of points: nothing to tell apart");
        Map<String, String> p2 = Map.of("point", "c");
        MetricsTable three = new MetricsTable(List.of("point"), List.of(run(p0, "x", 0, 1, 1e-3, 1e-6), run(p1, "x", 0, 1, 1e-2, 1e-5),
                run(p2, "x", 0, 1, 1e-2, 1e-5)));
        Analysis side = new Analysis(List.of(new Target(Measure.MSE, 1e-4)), "x", List.of(new Comparison("vs-a", List.of(
                new Comparison.Pair(p0, "x", p1, "x"), new Comparison.Pair(p0, "x", p2, "x")))), 3, List.of("speedup"), "t");
        List<SpeedupChart.Panel> sideBySide = SpeedupChart.panels(three, side, Summary.compute(three, side.targets()),
                Summary.compare(three, side.targets(), side.comparisons()));
        assertEquals(List.of("b", "c"), sideBySide.get(0).categories(), "candidate points stand side by side under their labels");
        SpeedupChart.Panel keyed = SpeedupChart.byOneKey(new SpeedupChart.Panel("t", "", "y", List.of("rate = 0.1", "rate = 0.2"),
                List.of(new SpeedupChart.Dot("x", "rate = 0.2", null))));
        assertEquals("rate", keyed.xTitle(), "one key names the axis");
        assertEquals(List.of("0.1", "0.2"), keyed.categories());
        assertEquals("0.2", keyed.dots().get(0).category());
        assertEquals(List.of("a = 1, b = 2", "a = 2"), SpeedupChart.byOneKey(new SpeedupChart.Panel("t", "", "y",
                List.of("a = 1, b = 2", "a = 2"), List.of())).categories(), "two keys stay as they are");
        String summary = Files.readString(dir.resolve("summary.md"));
        assertTrue(summary.contains("## Comparison b-vs-a"), summary);
        assertTrue(summary.contains("never (0/2)"), "y never reaches 1e-4 at b: " + summary);
    }

    /**
     * A linear measure at round-off (an exact aggregate's relative bias, 1e-8) still gets distinct tick labels, so its
     * figure is drawn (XChart never stops looking for distinct labels when every tick reads "0"); and the bytes figure
     * puts the busiest peer's gigabytes on a log axis.
     */
    @Test
    void roundOffValuesAndBytesAreDrawn(@TempDir Path dir) throws Exception {
        assertEquals("0.##", MeasureChart.decimalPattern(new double[] {0, 1}));
        String tiny = MeasureChart.decimalPattern(new double[] {-4e-8, 4e-8});
        java.text.DecimalFormat format = new java.text.DecimalFormat(tiny);
        assertTrue(!format.format(-2e-8).equals(format.format(0)) && !format.format(2e-8).equals(format.format(0)), tiny);
        String narrow = MeasureChart.decimalPattern(new double[] {0.5, 0.5 + 1e-9});
        assertTrue(!new java.text.DecimalFormat(narrow).format(0.5).equals(new java.text.DecimalFormat(narrow).format(0.5 + 5e-10)),
                narrow);
        double[] rounds = {0, 1, 2, 3};
        List<Series> runs = List.of(0, 1).stream().map(seed -> new Series(Map.of(), "x", seed, rounds, rounds.clone(),
                new double[] {0, 2e6, 4e6, 6e6}, new double[] {0, 1e6, 2e6, 3e6}, List.of(Measure.AGGREGATE_BIAS),
                new double[][] {{Double.NaN, 1e-8 * (seed + 1), -2e-8, 3e-9}}, Series.Stop.ROUNDS)).toList();
        MetricsTable table = new MetricsTable(List.of(), runs);
        Analysis analysis = new Analysis(List.of(), null, List.of(), 2, List.of("time", "bytes"), "t");
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                () -> Report.write(dir, table, analysis), "a figure whose ticks all read the same never finishes");
        for (String file : List.of("aggregate_bias-time.png", "aggregate_bias-bytes.png", "aggregate_bias-bytes.pdf")) {
            assertTrue(Files.size(dir.resolve(file)) > 0, file);
        }
    }
}
