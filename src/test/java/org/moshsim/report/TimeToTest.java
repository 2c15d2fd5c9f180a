package org.moshsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The censoring rule: a mean only when every seed reached the target, else the Kaplan-Meier median or a bound. */
class TimeToTest {
    private static final boolean Y = true;
    private static final boolean N = false;

    @Test
    void everySeedReachedGivesTheMeanWithItsInterval() {
        TimeTo t = TimeTo.of(new double[] {4, 6, 5, 5, 5}, new boolean[] {Y, Y, Y, Y, Y});
        assertEquals(TimeTo.Kind.MEAN, t.kind());
        assertEquals(5.0, t.value(), 1e-12);
        assertTrue(t.low() < 5 && t.high() > 5);
        assertEquals("5.00 ± 0.878 (5/5)", t.cell("%.3g"));
    }

    /** Three of five reached it at 2, 3 and 4; two stopped at 10: the survival curve falls 4/5, 3/5, 2/5 at 2, 3, 4. */
    @Test
    void someReachedGivesTheKaplanMeierMedian() {
        TimeTo t = TimeTo.of(new double[] {3, 10, 2, 10, 4}, new boolean[] {Y, N, Y, N, Y});
        assertEquals(TimeTo.Kind.MEDIAN, t.kind());
        assertEquals(4.0, t.value());
        assertEquals(3, t.reached());
        assertEquals("median 4.0 (3/5)", t.cell("%.1f"));
        assertEquals(Double.NaN, t.low());
    }

    /** A seed that stopped early is censored: it leaves the risk set, so the others' events weigh more. */
    @Test
    void anEarlyStopIsCensoredNotCountedAsReached() {
        // At 1 a seed stops short; of the 3 left, one reaches at 2 (S = 2/3) and one at 5 (S = 1/3 <= 1/2).
        TimeTo t = TimeTo.of(new double[] {1, 2, 5, 9}, new boolean[] {N, Y, Y, N});
        assertEquals(TimeTo.Kind.MEDIAN, t.kind());
        assertEquals(5.0, t.value());
    }

    @Test
    void fewerThanHalfGiveOnlyABound() {
        TimeTo t = TimeTo.of(new double[] {3, 10, 12, 10, 11}, new boolean[] {Y, N, N, N, N});
        assertEquals(TimeTo.Kind.LATER, t.kind());
        assertEquals(12.0, t.value(), "the last time observed");
        assertEquals("> 12.0 (1/5)", t.cell("%.3g"));
    }

    @Test
    void noneReachedIsNever() {
        TimeTo t = TimeTo.of(new double[] {200, 201, 199}, new boolean[] {N, N, N});
        assertEquals(TimeTo.Kind.LATER, t.kind());
        assertEquals(0, t.reached());
        assertEquals("never (0/3)", t.cell("%.3g"));
    }

    /** Ties: two seeds reach at the same time (one step of 2/4), and a stop at that time counts after the events. */
    @Test
    void tiesStepTogetherAndEventsComeBeforeStopsAtTheSameTime() {
        TimeTo pair = TimeTo.of(new double[] {3, 3, 8, 8}, new boolean[] {Y, Y, N, N});
        assertEquals(TimeTo.Kind.MEDIAN, pair.kind());
        assertEquals(3.0, pair.value(), "exactly half at 3");
        // At 3 one reaches and one stops; the event first: S = 3/4 at 3, then 3/8 at 4.
        TimeTo mixed = TimeTo.of(new double[] {3, 3, 4, 9}, new boolean[] {N, Y, Y, N});
        assertEquals(4.0, mixed.value());
    }

    @Test
    void aSingleSeed() {
        TimeTo reached = TimeTo.of(new double[] {5.8}, new boolean[] {Y});
        assertEquals(TimeTo.Kind.MEAN, reached.kind());
        assertEquals("5.8 (1/1)", reached.cell("%.1f"), "no interval from one seed");
        assertEquals("never (0/1)", TimeTo.of(new double[] {200}, new boolean[] {N}).cell("%.3g"));
    }
}
