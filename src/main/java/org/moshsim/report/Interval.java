package org.moshsim.report;

import org.apache.commons.statistics.distribution.TDistribution;

/** A sample mean with its two-sided 95% confidence interval from Student's t (NaN bounds for one sample). */
public record Interval(double mean, double low, double high) {
    public static Interval of(double[] sample) {
        int n = sample.length;
        double mean = 0;
        for (double x : sample) {
            mean += x;
        }
        mean /= n;
        if (n < 2) {
            return new Interval(mean, Double.NaN, Double.NaN);
        }
        double squares = 0;
        for (double x : sample) {
            squares += (x - mean) * (x - mean);
        }
        double halfWidth = TDistribution.of(n - 1).inverseCumulativeProbability(0.975) * Math.sqrt(squares / (n - 1) / n);
        return new Interval(mean, mean - halfWidth, mean + halfWidth);
    }

    public double halfWidth() {
        return (high - low) / 2;
    }
}
