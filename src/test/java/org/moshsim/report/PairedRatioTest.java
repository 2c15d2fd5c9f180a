package org.moshsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PairedRatioTest {
    /** The interval is computed on the log scale: positive, and around the geometric mean, however wide the spread. */
    @Property
    void theLogScaleIntervalIsPositiveAndContainsTheEstimate(
            @ForAll @Size(min = 2, max = 12) java.util.List<@DoubleRange(min = 1e-3, max = 1e3) @Scale(4) Double> ratios) {
        PairedRatio r = PairedRatio.of(ratios.stream().mapToDouble(Double::doubleValue).toArray(), ratios.size());
        assertTrue(r.low() > 0, "never negative: " + r);
        assertTrue(r.low() <= r.value() * (1 + 1e-12) && r.value() <= r.high() * (1 + 1e-12), r.toString());
    }

    @Test
    void theGeometricMeanAndAnAsymmetricInterval() {
        PairedRatio r = PairedRatio.of(new double[] {1, 4, 16}, 3);
        assertEquals(4.0, r.value(), 1e-12);
        // log: mean ln 4, s = ln 4; t(0.975, 2) = 4.302653; half-width = t ln 4 / sqrt 3.
        double half = 4.302653 * Math.log(4) / Math.sqrt(3);
        assertEquals(4 * Math.exp(-half), r.low(), 1e-5);
        assertEquals(4 * Math.exp(half), r.high(), 1e-3);
        assertTrue(r.high() - r.value() > r.value() - r.low(), "wider above than below");
    }

    @Test
    void cellsCarryTheirCountAndAMarkWhenTooFew() {
        assertEquals("2.51x [2.38, 2.65] (5/5)", new PairedRatio(2.514, 2.381, 2.648, 5, 5).cell("x", 3));
        assertEquals("14.3x (1/5) †", new PairedRatio(14.31, Double.NaN, Double.NaN, 1, 5).cell("x", 3));
        assertEquals("0.0712x [0.0660, 0.0768] (2/2)", new PairedRatio(0.07123, 0.066, 0.0768, 2, 2).cell("x", 3),
                "two seeds ran: two pairs are all there are");
    }
}
