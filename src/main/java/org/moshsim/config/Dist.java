package org.moshsim.config;

import org.apache.commons.numbers.gamma.Gamma;

/**
 * A distribution a per-peer or per-round quantity is drawn from (a constant is one too). Values are in the
 * quantity's base unit: seconds, bytes, bytes per second.
 */
public sealed interface Dist {
    /** The mean, for sanity checks and back-of-envelope estimates. */
    double mean();

    record Constant(double value) implements Dist {
        @Override
        public double mean() {
            return value;
        }
    }

    record Uniform(double low, double high) implements Dist {
        @Override
        public double mean() {
            return (low + high) / 2;
        }
    }

    record Exponential(double mean) implements Dist {
    }

    /** exp(N(ln median, sigma^2)): heavy-tailed step and straggler times. */
    record LogNormal(double median, double sigma) implements Dist {
        @Override
        public double mean() {
            return median * Math.exp(sigma * sigma / 2);
        }
    }

    /** Weibull(shape k, scale lambda): session lengths of preemptible and volunteer peers. */
    record Weibull(double shape, double scale) implements Dist {
        @Override
        public double mean() {
            return scale * Gamma.value(1 + 1 / shape);
        }
    }
}
