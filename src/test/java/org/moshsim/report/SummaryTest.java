package org.moshsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.moshsim.metrics.MetricsTable;
import org.moshsim.metrics.Series;

class SummaryTest {
    @Test
    void roundsToATargetIsTheFirstRoundBelowItOrTheCap() {
        double[] mse = {1, 1e-3, 1e-5, 1e-10};
        assertEquals(2, Summary.roundsTo(mse, 1e-4));
        assertEquals(3, Summary.roundsTo(mse, 1e-9));
        assertEquals(3, Summary.roundsTo(mse, 1e-12), "never: the cap");
        assertEquals(0, Summary.roundsTo(mse, 2));
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

    @Test
    void rowsCountRoundsAndReachedFractions() {
        MetricsTable table = new MetricsTable(List.of("peers"), List.of(
                new Series(Map.of("peers", "8"), "a", 0, new double[] {1, 1e-5, 1e-10}),
                new Series(Map.of("peers", "8"), "a", 1, new double[] {1, 1e-3, 1e-5})));
        Summary.Row row = Summary.compute(table, List.of(1e-4, 1e-9)).get(0);
        assertEquals(1.5, row.roundsTo().get(0).mean());
        assertEquals(2.0, row.roundsTo().get(1).mean());
        assertEquals(List.of(1.0, 0.5), row.reached());
        assertEquals((1e-10 + 1e-5) / 2, row.finalMse().mean());
    }

    @Test
    void targetLabelsAreShort() {
        assertEquals("1e-4", Summary.label(1e-4));
        assertEquals("1e-9", Summary.label(1.0e-9));
        assertEquals("2.5e-3", Summary.label(0.0025));
        assertEquals("1e0", Summary.label(1));
    }
}
