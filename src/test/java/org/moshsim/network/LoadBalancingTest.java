package org.moshsim.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class LoadBalancingTest {
    /**
     * The simplex's optimum against the LP's closed form: xi = max((2n - 2) / sum b, 1 / min b), and where the
     * first term wins (every constraint tight), w_i = (xi b_i - 1) / (n - 2).
     */
    @Property(tries = 150)
    void simplexMatchesTheClosedForm(@ForAll @IntRange(min = 2, max = 40) int n, @ForAll @IntRange(min = 0, max = 10_000) int seed,
                                     @ForAll @IntRange(min = 1, max = 50) int spread) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] bandwidth = new double[n];
        for (int i = 0; i < n; i++) {
            bandwidth[i] = 1.25e8 * (1 + spread * random.nextDouble());
        }
        LoadBalancing.Solution lp = LoadBalancing.solve(bandwidth);
        double xi = LoadBalancing.secondsPerByte(bandwidth);
        assertEquals(xi, lp.secondsPerByte(), 1e-9 * xi);
        double total = 0;
        for (int i = 0; i < n; i++) {
            double w = lp.shares()[i];
            total += w;
            assertTrue(w >= -1e-12, "w_" + i + " = " + w);
            assertTrue((1 + (n - 2) * w) / bandwidth[i] <= xi * (1 + 1e-9), "member " + i + " finishes within xi");
        }
        assertEquals(1, total, 1e-9);
        double sum = 0;
        double slowest = Double.POSITIVE_INFINITY;
        for (double b : bandwidth) {
            sum += b;
            slowest = Math.min(slowest, b);
        }
        if (n > 2 && (2.0 * n - 2) / sum > 1 / slowest * (1 + 1e-9)) {
            for (int i = 0; i < n; i++) {
                assertEquals((xi * bandwidth[i] - 1) / (n - 2), lp.shares()[i], 1e-7, "active-set share of member " + i);
            }
        }
    }
}
