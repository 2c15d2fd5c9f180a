package org.moshsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.moshsim.Comparison;
import org.moshsim.Measure;
import org.moshsim.Target;
import org.moshsim.metrics.MetricsTable;
import org.moshsim.metrics.Series;

class SummaryTest {
    @Test
    void theFirstMeasurementBelowATarget() {
        Series series = run("a", 0, new double[] {0, 1, 2, 3}, 1, 1e-3, 1e-5, 1e-10);
        assertEquals(2, series.firstReaching(mse(1e-4)));
        assertEquals(3, series.firstReaching(mse(1e-9)));
        assertEquals(-1, series.firstReaching(mse(1e-12)), "never");
        assertEquals(0, series.firstReaching(mse(2)));
    }

    @Test
    void accuracyIsReachedFromBelow() {
        Series series = new Series(Map.of(), "a", 0, new double[] {0, 1, 2}, new double[] {0, 1, 2}, new double[3], new double[3],
                List.of(Measure.ACCURACY), new double[][] {{0.1, 0.9, 0.95}});
        assertEquals(1, series.firstReaching(new Target(Measure.ACCURACY, 0.9)), "at or above");
        assertEquals(-1, series.firstReaching(new Target(Measure.ACCURACY, 0.96)));
        assertEquals("accuracy_0.9", new Target(Measure.ACCURACY, 0.9).label());
        assertEquals("accuracy >= 0.9", new Target(Measure.ACCURACY, 0.9).describe());
    }

    private static Target mse(double level) {
        return new Target(Measure.MSE, level);
    }

    @Test
    void intervalsUseStudentsT() {
        Interval interval = Interval.of(new double[] {1, 2, 3, 4});
        assertEquals(2.5, interval.mean());
        // t(0.975, 3) = 3.182446; s = 1.290994; half-width = t s / sqrt(4).
        assertEquals(3.182446 * 1.290994 / 2, interval.halfWidth(), 1e-5);
        assertEquals(Double.NaN, Interval.of(new double[] {7}).low());
        assertEquals(5, Interval.of(new double[] {5, 5, 5}).high());
    }

    private static Series run(String protocol, int seed, double[] time, double... mse) {
        double[] rounds = new double[mse.length];
        for (int k = 0; k < rounds.length; k++) {
            rounds[k] = k;
        }
        return new Series(Map.of("peers", "8"), protocol, seed, rounds, time, new double[mse.length], new double[mse.length],
                List.of(Measure.MSE), new double[][] {mse});
    }

    @Test
    void rowsCountRoundsSecondsAndReachedSeeds() {
        MetricsTable table = new MetricsTable(List.of("peers"), List.of(
                run("a", 0, new double[] {0, 1, 2}, 1, 1e-5, 1e-10),
                run("a", 1, new double[] {0, 3, 4}, 1, 1e-3, 1e-5)));
        Summary.Row row = Summary.compute(table, List.of(mse(1e-4), mse(1e-9))).get(0);
        assertEquals(TimeTo.Kind.MEAN, row.roundsTo().get(0).kind());
        assertEquals(1.5, row.roundsTo().get(0).value());
        assertEquals(2.5, row.timeTo().get(0).value(), "seed 0 at 1 s, seed 1 at 4 s");
        assertEquals(2, row.timeTo().get(0).reached());
        TimeTo half = row.timeTo().get(1);
        assertEquals(1, half.reached());
        assertEquals(2, half.seeds());
        assertEquals(TimeTo.Kind.MEDIAN, half.kind(), "seed 1 never got there: no mean");
        assertEquals(2.0, half.value(), "half the seeds reached it at 2 s");
        assertEquals((1e-10 + 1e-5) / 2, row.finals().get(Measure.MSE).mean());
    }

    /** Speedups pair seeds: the geometric mean of time_baseline / time_protocol, where both reached the target. */
    @Test
    void speedupsAreGeometricMeansOfPairedRatios() {
        MetricsTable table = new MetricsTable(List.of("peers"), List.of(
                run("fast", 0, new double[] {0, 1}, 1, 1e-6),
                run("fast", 1, new double[] {0, 2}, 1, 1e-6),
                run("fast", 2, new double[] {0, 1}, 1, 1e-6),
                run("slow", 0, new double[] {0, 4}, 1, 1e-6),
                run("slow", 1, new double[] {0, 2}, 1, 1e-6),
                run("slow", 2, new double[] {0, 5}, 1, 1e-3)));
        List<Summary.Row> rows = Summary.compute(table, List.of(mse(1e-4)));
        PairedRatio fastOverSlow = rows.get(0).speedups().get("slow").get(0);
        assertEquals(2.0, fastOverSlow.value(), 1e-12, "seeds 0 and 1: 4x and 1x; seed 2 never got there");
        assertEquals(2, fastOverSlow.pairs());
        assertEquals(3, fastOverSlow.seeds());
        assertTrue(fastOverSlow.tooFew(3), "2 of 3 seed pairs");
        assertFalse(fastOverSlow.tooFew(2));
        assertEquals(0.5, rows.get(1).speedups().get("fast").get(0).value(), 1e-12);
        assertTrue(fastOverSlow.low() < 2 && fastOverSlow.high() > 2);
        assertTrue(fastOverSlow.cell("x", 3).startsWith("2.00x ["), fastOverSlow.cell("x", 3));
        assertTrue(fastOverSlow.cell("x", 3).endsWith("] (2/3) †"), "marked: fewer than 3 pairs");
    }

    /** Seeds pair by their number, not by their place in the list. */
    @Test
    void speedupsPairSeedsByNumber() {
        MetricsTable table = new MetricsTable(List.of("peers"), List.of(
                run("a", 0, new double[] {0, 1}, 1, 1e-6),
                run("a", 1, new double[] {0, 2}, 1, 1e-6),
                run("b", 1, new double[] {0, 2}, 1, 1e-6),
                run("b", 0, new double[] {0, 1}, 1, 1e-6)));
        PairedRatio ratio = Summary.compute(table, List.of(mse(1e-4))).get(0).speedups().get("b").get(0);
        assertEquals(1.0, ratio.value(), 1e-12);
        assertEquals(1.0, ratio.low(), 1e-12, "equal pairs: no spread");
    }

    @Test
    void aSpeedupNoSeedReachedIsUndefined() {
        MetricsTable table = new MetricsTable(List.of("peers"), List.of(
                run("a", 0, new double[] {0, 1}, 1, 1e-6), run("b", 0, new double[] {0, 1}, 1, 1e-3)));
        PairedRatio none = Summary.compute(table, List.of(mse(1e-4))).get(0).speedups().get("b").get(0);
        assertEquals(Double.NaN, none.value());
        assertEquals(0, none.pairs());
        assertEquals("no pair (0/1)", none.cell("x", 3));
    }

    /** A comparison pairs a candidate cell with a baseline cell by seed: speedups and ratios of final values. */
    @Test
    void comparisonsPairCellsAcrossPoints() {
        Map<String, String> lossless = Map.of("point", "lossless");
        Map<String, String> lossy = Map.of("point", "lossy");
        MetricsTable table = new MetricsTable(List.of("point"), List.of(
                series(lossless, "m", 0, new double[] {0, 1, 2}, 1, 1e-3, 1e-6),
                series(lossless, "m", 1, new double[] {0, 1, 2}, 1, 1e-3, 1e-6),
                series(lossy, "m", 0, new double[] {0, 2, 4}, 1, 1e-3, 1e-5),
                series(lossy, "m", 1, new double[] {0, 2, 4}, 1, 1e-3, 1e-5)));
        Comparison comparison = new Comparison("lossy-vs-lossless", List.of(new Comparison.Pair(lossless, "m", lossy, "m")));
        List<Summary.Compared> compared = Summary.compare(table, List.of(mse(1e-2), mse(1e-5)), List.of(comparison));
        assertEquals(1, compared.size());
        assertEquals(0.5, compared.get(0).speedups().get(0).value(), 1e-12, "the lossy runs take twice as long to 1e-2");
        assertEquals(0, compared.get(0).speedups().get(1).pairs(), "the lossy runs never reach 1e-5");
        assertEquals(10, compared.get(0).finals().get(Measure.MSE).value(), 1e-9, "ten times the final error");
    }

    private static Series series(Map<String, String> point, String protocol, int seed, double[] time, double... mse) {
        double[] rounds = new double[mse.length];
        for (int k = 0; k < rounds.length; k++) {
            rounds[k] = k;
        }
        return new Series(point, protocol, seed, rounds, time, new double[mse.length], new double[mse.length], List.of(Measure.MSE),
                new double[][] {mse}, Series.Stop.HORIZON);
    }

    /** A run stopped by its rounds before a target is cut; one that reached every target, or stopped at the horizon, is not. */
    @Test
    void runsStoppedByRoundsBeforeATargetAreCut() {
        List<Target> targets = List.of(mse(1e-4));
        Series reached = new Series(Map.of(), "a", 0, new double[] {0, 1}, new double[] {0, 1}, new double[2], new double[2],
                List.of(Measure.MSE), new double[][] {{1, 1e-5}}, Series.Stop.ROUNDS);
        Series shortOf = new Series(Map.of(), "a", 1, new double[] {0, 1}, new double[] {0, 1}, new double[2], new double[2],
                List.of(Measure.MSE), new double[][] {{1, 1e-3}}, Series.Stop.ROUNDS);
        Series horizon = new Series(Map.of(), "a", 2, new double[] {0, 1}, new double[] {0, 1}, new double[2], new double[2],
                List.of(Measure.MSE), new double[][] {{1, 1e-3}}, Series.Stop.HORIZON);
        MetricsTable table = new MetricsTable(List.of(), List.of(reached, shortOf, horizon));
        assertEquals(1, Summary.cutByRounds(table, targets));
        Summary.Row row = Summary.compute(table, targets).get(0);
        assertEquals(1, row.cut());
        assertEquals(1.0, row.cutAt());
    }

    @Test
    void targetLabelsAreShort() {
        assertEquals("1e-4", mse(1e-4).label());
        assertEquals("1e-9", mse(1.0e-9).label());
        assertEquals("2.5e-3", mse(0.0025).label());
        assertEquals("1e0", mse(1).label());
        assertEquals("loss_0.25", new Target(Measure.LOSS, 0.25).label());
    }
}
