package org.moshsim.straggler;

import java.util.Arrays;

/**
 * Automatic choice of DropCompute's threshold from warm-up steps (Giladi et al. 2023, Section 5.2: record micro-batch
 * latencies for a few iterations, then pick the tau that maximises the estimated effective speedup).
 *
 * <p>Method: replay every candidate tau on the recorded times and keep the best {@link SpeedupEstimate#effectiveSpeedup}.
 * Between two consecutive recorded partial sums the kept count is constant while the step time can only grow with
 * tau, so the empirical optimum sits at a recorded partial sum S_m (or at tau = infinity, speedup 1). Candidates are
 * therefore evenly spaced order statistics of the recorded S_m with m > M/2 (dropping half a worker's batch is never
 * worth it), plus infinity. Ties go to the larger tau, which drops less. The returned estimate is in-sample, hence
 * slightly optimistic; evaluate on fresh steps to report it.
 */
public final class ThresholdSelection {
    /** Candidate thresholds tried by {@link #choose(MicroBatchTrace, double)}. */
    public static final int DEFAULT_CANDIDATES = 256;

    private ThresholdSelection() {
    }

    /** The threshold with the best effective speedup on these warm-up steps, with {@value #DEFAULT_CANDIDATES} candidates. */
    public static SpeedupEstimate choose(MicroBatchTrace warmUp, double allReduceSeconds) {
        return choose(warmUp, allReduceSeconds, DEFAULT_CANDIDATES);
    }

    /** The threshold with the best effective speedup on these warm-up steps among {@code count} candidates and infinity. */
    public static SpeedupEstimate choose(MicroBatchTrace warmUp, double allReduceSeconds, int count) {
        SpeedupEstimate best = warmUp.estimate(Double.POSITIVE_INFINITY, allReduceSeconds);
        double[] taus = candidates(warmUp, count);
        for (int i = taus.length - 1; i >= 0; i--) {
            SpeedupEstimate e = warmUp.estimate(taus[i], allReduceSeconds);
            if (e.effectiveSpeedup() > best.effectiveSpeedup()) {
                best = e;
            }
        }
        return best;
    }

    /** {@code count} evenly spaced order statistics (ascending) of the recorded S_m, m > M/2. */
    public static double[] candidates(MicroBatchTrace warmUp, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("need at least one threshold candidate, got " + count);
        }
        double[] pool = warmUp.partialSumsAbove(warmUp.microBatches() / 2);
        Arrays.sort(pool);
        int n = Math.min(count, pool.length);
        double[] taus = new double[n];
        for (int i = 0; i < n; i++) {
            taus[i] = pool[(int) ((long) i * (pool.length - 1) / Math.max(1, n - 1))];
        }
        return taus;
    }
}
