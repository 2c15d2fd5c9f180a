package org.moshsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
    void rowsCountRoundsSecondsAndReachedFractions() {
        MetricsTable table = new MetricsTable(List.of("peers"), List.of(
                run("a", 0, new double[] {0, 1, 2}, 1, 1e-5, 1e-10),
                run("a", 1, new double[] {0, 3, 4}, 1, 1e-3, 1e-5)));
        Summary.Row row = Summary.compute(table, List.of(mse(1e-4), mse(1e-9))).get(0);
        assertEquals(1.5, row.roundsTo().get(0).mean());
        assertEquals(2.0, row.roundsTo().get(1).mean());
        assertEquals(2.5, row.timeTo().get(0).mean(), "seed 0 at 1 s, seed 1 at 4 s");
        assertEquals(3.0, row.timeTo().get(1).mean(), "seed 1 never: its last measurement, 4 s");
        assertEquals(List.of(1.0, 0.5), row.reached());
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
        Interval fastOverSlow = rows.get(0).speedups().get("slow").get(0);
        assertEquals(2.0, fastOverSlow.mean(), 1e-12, "seeds 0 and 1: 4x and 1x; seed 2 never got there");
        assertEquals(0.5, rows.get(1).speedups().get("fast").get(0).mean(), 1e-12);
        assertEquals(true, fastOverSlow.low() < 2 && fastOverSlow.high() > 2);
    }

    @Test
    void aSpeedupNoSeedReachedIsUndefined() {
        MetricsTable table = new MetricsTable(List.of("peers"), List.of(
                run("a", 0, new double[] {0, 1}, 1, 1e-6), run("b", 0, new double[] {0, 1}, 1, 1e-3)));
        assertEquals(Double.NaN, Summary.compute(table, List.of(mse(1e-4))).get(0).speedups().get("b").get(0).mean());
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
