package org.moshsim.training;

import org.moshsim.backend.Snapshot;

/**
 * The peers' disagreement: (1 / (N D)) sum_i ||x_i / w_i - xbar||^2 with xbar the average of the de-biased rows, the
 * drift that lossy averaging leaves between the members of one exchange (Weintraub et al. 2025, Section 5). Float64.
 */
final class Spread {
    private Spread() {
    }

    static double of(Snapshot s) {
        int n = s.peers();
        int dim = s.dim();
        double[] mean = new double[dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                mean[j] += s.values()[i * dim + j] / s.weights()[i];
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= n;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                double d = s.values()[i * dim + j] / s.weights()[i] - mean[j];
                sum += d * d;
            }
        }
        return sum / ((double) n * dim);
    }
}
