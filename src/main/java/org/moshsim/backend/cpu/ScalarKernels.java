package org.moshsim.backend.cpu;

import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.SparseMixing;

/**
 * The plans for one value per peer held in one array (the paper's averaging setting): the general kernels'
 * sums, in their order and so to the bit, without their per-row blocks, column tiles and scratch rows, which
 * cost more than the arithmetic when a row is a single float.
 */
final class ScalarKernels {
    private float[] mixed = new float[0];
    private double[] mixedWeights = new double[0];

    /** Replaces every completed group's values and weights by their means. */
    void average(GroupAveraging plan, float[] x, double[] weights) {
        int[] offsets = plan.offsets();
        int[] members = plan.members();
        for (int g = 0; g < plan.groupCount(); g++) {
            if (plan.failed(g)) {
                continue;
            }
            int first = offsets[g];
            int last = offsets[g + 1];
            double sum = x[members[first]];
            double weight = weights[members[first]];
            for (int k = first + 1; k < last; k++) {
                sum += x[members[k]];
                weight += weights[members[k]];
            }
            float mean = (float) (sum / (last - first));
            double meanWeight = weight / (last - first);
            for (int k = first; k < last; k++) {
                x[members[k]] = mean;
                weights[members[k]] = meanWeight;
            }
        }
    }

    /** Mixes the rows the plan names, each from the values as they were before. */
    void mix(SparseMixing plan, float[] x, double[] weights) {
        int[] rows = plan.rows();
        int[] offsets = plan.offsets();
        int[] sources = plan.sources();
        double[] coefficients = plan.weights();
        if (mixed.length < rows.length) {
            mixed = new float[x.length];
            mixedWeights = new double[x.length];
        }
        for (int r = 0; r < rows.length; r++) {
            double sum = 0;
            double weight = 0;
            for (int k = offsets[r]; k < offsets[r + 1]; k++) {
                sum += coefficients[k] * x[sources[k]];
                weight += coefficients[k] * weights[sources[k]];
            }
            mixed[r] = (float) sum;
            mixedWeights[r] = weight;
        }
        for (int r = 0; r < rows.length; r++) {
            x[rows[r]] = mixed[r];
            weights[rows[r]] = mixedWeights[r];
        }
    }
}
