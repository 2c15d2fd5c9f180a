package org.moshsim.straggler;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.statistics.distribution.LogNormalDistribution;

/**
 * The number K of micro-batches a worker completes by the threshold: K = sum_m 1{S_m <= tau}, so
 * E[K] = sum_{m=1..M} P(S_m <= tau) (Giladi et al. 2023, Section 4.2), and, because the events are nested
 * ({S_l <= tau} implies {S_m <= tau} for m < l), E[K^2] = sum_l (2l - 1) P(S_l <= tau).
 *
 * <p>A sum of log-normals has no closed-form law, so P(S_m <= tau) is computed by numerical convolution: one
 * micro-batch time is rounded to a lattice of step h = tau / points (exact masses from the log-normal CDF), the
 * lattice law is convolved m times, and the mass at tau itself counts half. Only the lattice up to tau is needed
 * because times are positive. Independent of any simulation, so tests can hold the simulator against it.
 */
public final class ExpectedCompletions {
    /** Lattice points between 0 and tau: rounding error is second order in tau / points. */
    public static final int DEFAULT_POINTS = 4000;

    private ExpectedCompletions() {
    }

    /** P(S_m <= tau) for m = 1 .. M, for a worker whose micro-batch time has this mean and log-normal sigma. */
    public static double[] completionProbabilities(double workerMean, double sigma, int microBatches, double tau) {
        return completionProbabilities(workerMean, sigma, microBatches, tau, DEFAULT_POINTS);
    }

    /** As above with a given lattice size. */
    public static double[] completionProbabilities(double workerMean, double sigma, int microBatches, double tau,
            int points) {
        double[] p = new double[microBatches];
        if (tau == Double.POSITIVE_INFINITY) {
            Arrays.fill(p, 1.0);
            return p;
        }
        if (!(tau > 0)) {
            return p;
        }
        if (sigma == 0) {
            for (int m = 1; m <= microBatches; m++) {
                p[m - 1] = m * workerMean <= tau ? 1.0 : 0.0;
            }
            return p;
        }
        LogNormalDistribution one = LogNormalDistribution.of(Math.log(workerMean) - 0.5 * sigma * sigma, sigma);
        double h = tau / points;
        double[] single = new double[points + 1];
        double below = 0;
        for (int k = 0; k <= points; k++) {
            double upper = one.cumulativeProbability((k + 0.5) * h);
            single[k] = upper - below;
            below = upper;
        }
        double[] law = single.clone();
        for (int m = 1; m <= microBatches; m++) {
            if (m > 1) {
                law = convolve(law, single);
            }
            double mass = 0.5 * law[points];
            for (int k = 0; k < points; k++) {
                mass += law[k];
            }
            p[m - 1] = mass;
            if (mass < 1e-300) {
                break;
            }
        }
        return p;
    }

    /** E[K] for worker w of the model. */
    public static double expectedKept(MicroBatchTimes model, int worker, int microBatches, double tau) {
        double sum = 0;
        for (double p : completionProbabilities(model.meanOf(worker), model.sigma(), microBatches, tau)) {
            sum += p;
        }
        return sum;
    }

    /** Var[K] for worker w of the model: sum_l (2l - 1) P_l - (sum_l P_l)^2. */
    public static double keptVariance(MicroBatchTimes model, int worker, int microBatches, double tau) {
        double[] p = completionProbabilities(model.meanOf(worker), model.sigma(), microBatches, tau);
        double first = 0;
        double second = 0;
        for (int l = 1; l <= p.length; l++) {
            first += p[l - 1];
            second += (2 * l - 1) * p[l - 1];
        }
        return second - first * first;
    }

    /** E[kept micro-batches] / (N * M) over workers 0 .. N-1. */
    public static double expectedKeptFraction(MicroBatchTimes model, int workers, int microBatches, double tau) {
        Map<Double, Double> byMean = new HashMap<>();
        double sum = 0;
        for (int w = 0; w < workers; w++) {
            int worker = w;
            sum += byMean.computeIfAbsent(model.meanOf(w), mean -> expectedKept(model, worker, microBatches, tau));
        }
        return sum / ((double) workers * microBatches);
    }

    /** The law of a sum of two independent lattice variables, truncated to a's length. */
    private static double[] convolve(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double ai = a[i];
            if (ai == 0) {
                continue;
            }
            for (int j = 0; i + j < out.length; j++) {
                out[i + j] += ai * b[j];
            }
        }
        return out;
    }
}
