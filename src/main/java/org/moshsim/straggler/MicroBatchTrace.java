package org.moshsim.straggler;

/**
 * Micro-batch times of N workers over a run of steps, kept as each worker's running sums S_1 <= ... <= S_M so any
 * threshold can be replayed on the same draws: that is how the baseline and DropCompute are compared step for step,
 * and how a threshold is chosen from warm-up steps (Giladi et al. 2023, Section 5).
 */
public final class MicroBatchTrace {
    private final int steps;
    private final int workers;
    private final int microBatches;
    /** partialSums[((s * workers) + w) * M + m] = S_{m+1} of worker w at step s. */
    private final double[] partialSums;

    private MicroBatchTrace(int steps, int workers, int microBatches, double[] partialSums) {
        this.steps = steps;
        this.workers = workers;
        this.microBatches = microBatches;
        this.partialSums = partialSums;
    }

    /** Steps firstStep .. firstStep + steps - 1 of the model with this seed. */
    public static MicroBatchTrace simulate(MicroBatchTimes model, long seed, int workers, int microBatches,
            int firstStep, int steps) {
        if (workers < 1 || microBatches < 1 || steps < 1) {
            throw new IllegalArgumentException("need at least one worker, micro-batch and step, got N=" + workers
                    + " M=" + microBatches + " steps=" + steps);
        }
        double[] sums = new double[Math.multiplyExact(Math.multiplyExact(steps, workers), microBatches)];
        for (int s = 0; s < steps; s++) {
            for (int w = 0; w < workers; w++) {
                int base = (s * workers + w) * microBatches;
                model.draw(seed, w, firstStep + s, sums, base, microBatches);
                accumulate(sums, base, microBatches);
            }
        }
        return new MicroBatchTrace(steps, workers, microBatches, sums);
    }

    /** Observed times, {@code times[step][worker][microBatch]} in seconds (e.g. measured in warm-up steps). */
    public static MicroBatchTrace observed(double[][][] times) {
        int steps = times.length;
        int workers = times[0].length;
        int microBatches = times[0][0].length;
        double[] sums = new double[steps * workers * microBatches];
        for (int s = 0; s < steps; s++) {
            for (int w = 0; w < workers; w++) {
                if (times[s][w].length != microBatches) {
                    throw new IllegalArgumentException("step " + s + " worker " + w + " has " + times[s][w].length
                            + " micro-batch times, expected " + microBatches);
                }
                int base = (s * workers + w) * microBatches;
                System.arraycopy(times[s][w], 0, sums, base, microBatches);
                accumulate(sums, base, microBatches);
            }
        }
        return new MicroBatchTrace(steps, workers, microBatches, sums);
    }

    private static void accumulate(double[] values, int base, int length) {
        for (int m = 1; m < length; m++) {
            values[base + m] += values[base + m - 1];
        }
    }

    public int steps() {
        return steps;
    }

    public int workers() {
        return workers;
    }

    public int microBatches() {
        return microBatches;
    }

    /** S_m of worker w at step s (m = 1 .. M). */
    public double partialSum(int step, int worker, int m) {
        return partialSums[(step * workers + worker) * microBatches + m - 1];
    }

    /** Micro-batches worker w keeps at step s under threshold tau: the number of m with S_m <= tau. */
    public int kept(int step, int worker, double tau) {
        int base = (step * workers + worker) * microBatches;
        int low = 0;
        int high = microBatches;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (partialSums[base + mid] <= tau) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Synchronous compute time of step s without DropCompute: max_w S_M^w. */
    public double baselineComputeTime(int step) {
        return dropComputeTime(step, Double.POSITIVE_INFINITY);
    }

    /** Compute time of step s with DropCompute: max_w min(tau, S_M^w). */
    public double dropComputeTime(int step, double tau) {
        double slowest = 0;
        for (int w = 0; w < workers; w++) {
            slowest = Math.max(slowest, Math.min(tau, partialSum(step, w, microBatches)));
        }
        return slowest;
    }

    /** DropCompute with threshold tau against the baseline over every step of this trace. */
    public SpeedupEstimate estimate(double tau, double allReduceSeconds) {
        double baseline = 0;
        double dropCompute = 0;
        long kept = 0;
        for (int s = 0; s < steps; s++) {
            baseline += baselineComputeTime(s);
            dropCompute += dropComputeTime(s, tau);
            for (int w = 0; w < workers; w++) {
                kept += kept(s, w, tau);
            }
        }
        double nominal = (double) steps * workers * microBatches;
        return new SpeedupEstimate(tau, baseline / steps + allReduceSeconds, dropCompute / steps + allReduceSeconds,
                kept / nominal);
    }

    /** Every S_m of every worker and step, m > fromM (for threshold candidates). */
    double[] partialSumsAbove(int fromM) {
        int per = microBatches - fromM;
        double[] out = new double[steps * workers * per];
        int k = 0;
        for (int sw = 0; sw < steps * workers; sw++) {
            System.arraycopy(partialSums, sw * microBatches + fromM, out, k, per);
            k += per;
        }
        return out;
    }
}
