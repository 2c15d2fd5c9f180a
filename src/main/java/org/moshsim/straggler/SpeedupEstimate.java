package org.moshsim.straggler;

/**
 * DropCompute against plain synchronous training over the same steps (common random numbers).
 *
 * <p>Effective speedup (Giladi et al. 2023, Section 4.2): the rate of micro-batch gradients contributed per second,
 * relative to the baseline, = kept fraction x (baseline step time / DropCompute step time). Step times are means
 * over steps and include the fixed all-reduce time.
 *
 * @param threshold           tau, seconds
 * @param baselineStepTime    mean over steps of max_w S_M^w + all-reduce time
 * @param dropComputeStepTime mean over steps of max_w min(tau, S_M^w) + all-reduce time
 * @param keptFraction        kept micro-batches / (N * M * steps)
 */
public record SpeedupEstimate(double threshold, double baselineStepTime, double dropComputeStepTime,
        double keptFraction) {
    /** The fraction of micro-batches dropped. */
    public double dropRate() {
        return 1.0 - keptFraction;
    }

    /** Kept fraction x (baseline step time / DropCompute step time). */
    public double effectiveSpeedup() {
        return keptFraction * baselineStepTime / dropComputeStepTime;
    }
}
