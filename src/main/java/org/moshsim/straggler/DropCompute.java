package org.moshsim.straggler;

/**
 * DropCompute's rule (Giladi et al. 2023, Algorithm 1): a worker computes micro-batches one after another and, once
 * its compute time reaches the threshold tau, stops and joins the all-reduce. Micro-batch m is kept iff the first m
 * micro-batches finish by tau (S_m <= tau); the one in flight at tau is dropped, its work lost, so the worker's
 * compute time is min(tau, S_M). The step's gradient is the sum of kept micro-batch gradients over the nominal
 * N * M, not over the kept count, as in the paper's stochastic-batch SGD (Section 4.1).
 *
 * @param threshold tau in seconds; {@code +Infinity} turns DropCompute off
 */
public record DropCompute(double threshold) {
    /** Plain synchronous training: every micro-batch is kept. */
    public static final DropCompute OFF = new DropCompute(Double.POSITIVE_INFINITY);

    public DropCompute {
        if (!(threshold >= 0)) {
            throw new IllegalArgumentException("DropCompute threshold must be >= 0 seconds, got " + threshold);
        }
    }

    /** How many of these micro-batches (in order) finish by the threshold. */
    public int keptMicroBatches(double[] times) {
        double elapsed = 0;
        for (int m = 0; m < times.length; m++) {
            elapsed += times[m];
            if (elapsed > threshold) {
                return m;
            }
        }
        return times.length;
    }

    /** The worker's compute time in the step: min(tau, S_M). */
    public double computeTime(double[] times) {
        double total = 0;
        for (double t : times) {
            total += t;
        }
        return Math.min(threshold, total);
    }

    /**
     * The step's gradient: the sum over workers w of their first {@code kept[w]} micro-batch gradients, divided by
     * the nominal N * M. {@code gradients[w][m]} is worker w's gradient on micro-batch m.
     */
    public static double[] stepGradient(double[][][] gradients, int[] kept) {
        int workers = gradients.length;
        int microBatches = gradients[0].length;
        int dim = gradients[0][0].length;
        double[] sum = new double[dim];
        for (int w = 0; w < workers; w++) {
            if (kept[w] < 0 || kept[w] > gradients[w].length) {
                throw new IllegalArgumentException("worker " + w + " kept " + kept[w] + " of " + gradients[w].length
                        + " micro-batches");
            }
            for (int m = 0; m < kept[w]; m++) {
                double[] g = gradients[w][m];
                for (int j = 0; j < dim; j++) {
                    sum[j] += g[j];
                }
            }
        }
        double nominal = (double) workers * microBatches;
        for (int j = 0; j < dim; j++) {
            sum[j] /= nominal;
        }
        return sum;
    }
}
