package org.moshsim.straggler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThresholdSelectionTest {
    private static final MicroBatchTimes MODEL = MicroBatchTimes.lognormal(1.0, 0.4);
    private static final int M = 16;
    private static final double ALL_REDUCE = 4.0;

    /** A tau chosen on warm-up steps, judged on fresh steps, is no worse than off and than a few fixed taus. */
    @Test
    void automaticThresholdBeatsFixedOnesOnFreshSteps() {
        int workers = 128;
        MicroBatchTrace warmUp = MicroBatchTrace.simulate(MODEL, 77, workers, M, 0, 60);
        double tau = ThresholdSelection.choose(warmUp, ALL_REDUCE).threshold();
        MicroBatchTrace fresh = MicroBatchTrace.simulate(MODEL, 77, workers, M, 60, 300);
        double chosen = fresh.estimate(tau, ALL_REDUCE).effectiveSpeedup();
        assertTrue(chosen >= 1.0, "automatic tau " + tau + " gives speedup " + chosen + " < 1");
        for (double fixed : new double[] {0.7 * M, 0.85 * M, 1.0 * M, 1.2 * M, 1.5 * M, Double.POSITIVE_INFINITY}) {
            double other = fresh.estimate(fixed, ALL_REDUCE).effectiveSpeedup();
            assertTrue(chosen >= other - 0.005, "automatic tau " + tau + " (" + chosen + ") loses to tau " + fixed
                    + " (" + other + ")");
        }
    }

    @Test
    void baselineStepTimeGrowsWithWorkers() {
        double previous = 0;
        for (int workers : new int[] {8, 64, 512}) {
            MicroBatchTrace trace = MicroBatchTrace.simulate(MODEL, 9, workers, M, 0, 200);
            double mean = trace.estimate(Double.POSITIVE_INFINITY, 0).baselineStepTime();
            // The gap between these N is several seconds; the mean of 200 maxima varies by a fraction of one.
            assertTrue(mean > previous + 0.5, "N=" + workers + " mean step " + mean + " vs " + previous);
            previous = mean;
        }
    }
}
