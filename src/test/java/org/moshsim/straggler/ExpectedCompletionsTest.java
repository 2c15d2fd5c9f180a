package org.moshsim.straggler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.commons.statistics.distribution.LogNormalDistribution;
import org.junit.jupiter.api.Test;

class ExpectedCompletionsTest {
    /**
     * Simulated kept fraction against E[K] = sum_m P(S_m <= tau), with a tolerance of 4 standard errors from the
     * exact Var[K] (workers and steps are independent), plus slack for the lattice's rounding.
     */
    @Test
    void simulatedKeptFractionMatchesSumOfCompletionProbabilities() {
        double[] slowdowns = new double[48];
        Arrays.fill(slowdowns, 1.0);
        for (int w = 0; w < 48; w += 4) {
            slowdowns[w] = 1.3;
        }
        MicroBatchTimes model = MicroBatchTimes.lognormal(1.0, 0.6).withSlowdowns(slowdowns);
        int workers = 48;
        int microBatches = 12;
        int steps = 500;
        MicroBatchTrace trace = MicroBatchTrace.simulate(model, 2024, workers, microBatches, 0, steps);
        for (double tau : new double[] {9.0, 12.0, 14.0}) {
            double expected = ExpectedCompletions.expectedKeptFraction(model, workers, microBatches, tau);
            // Workers 0, 4, 8, ... are the slow ones (worker 0's law); the rest share worker 1's law.
            double variance = 12 * ExpectedCompletions.keptVariance(model, 0, microBatches, tau)
                    + 36 * ExpectedCompletions.keptVariance(model, 1, microBatches, tau);
            // Var of the fraction = sum_w Var[K_w] * steps / (steps * N * M)^2.
            double nominal = (double) steps * workers * microBatches;
            double standardError = Math.sqrt(variance * steps) / nominal;
            double simulated = trace.estimate(tau, 0).keptFraction();
            assertEquals(expected, simulated, 4 * standardError + 1e-4, "tau " + tau);
            assertTrue(standardError > 0 && expected < 1, "the threshold must drop something to test anything");
        }
    }

    @Test
    void deterministicTimesGiveExactCompletions() {
        assertArrayEquals(new double[] {1, 1, 1, 0}, ExpectedCompletions.completionProbabilities(2.0, 0, 4, 6.5));
        assertArrayEquals(new double[] {1, 1, 1}, ExpectedCompletions.completionProbabilities(2.0, 0.5, 3,
                Double.POSITIVE_INFINITY));
        assertArrayEquals(new double[] {0, 0}, ExpectedCompletions.completionProbabilities(2.0, 0.5, 2, 0));
    }

    /** P(S_1 <= tau) is the log-normal CDF itself, which the lattice must reproduce. */
    @Test
    void firstCompletionIsTheLogNormalCdf() {
        double sigma = 0.7;
        double tau = 1.4;
        double cdf = LogNormalDistribution.of(-0.5 * sigma * sigma, sigma)
                .cumulativeProbability(tau);
        assertEquals(cdf, ExpectedCompletions.completionProbabilities(1.0, sigma, 1, tau)[0], 1e-6);
    }
}
