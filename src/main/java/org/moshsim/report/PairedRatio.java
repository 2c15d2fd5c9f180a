package org.moshsim.report;

import java.util.Locale;

/**
 * A ratio of two paired samples (seed by seed: a speedup time_baseline / time_candidate, or a ratio of final values):
 * the geometric mean of the per-seed ratios with a 95% t-interval computed on their logarithms, so it is asymmetric
 * and positive, and contains the estimate.
 *
 * @param value the geometric mean; NaN when no seed pair qualified
 * @param low the interval's lower end; NaN with fewer than two pairs
 * @param high its upper end
 * @param pairs how many seed pairs it rests on (speedups: those where both sides reached the target)
 * @param seeds how many seed pairs there were
 */
record PairedRatio(double value, double low, double high, int pairs, int seeds) {
    /** The geometric mean and log-scale interval of {@code ratios} (each positive), out of {@code seeds} pairs. */
    public static PairedRatio of(double[] ratios, int seeds) {
        if (ratios.length == 0) {
            return new PairedRatio(Double.NaN, Double.NaN, Double.NaN, 0, seeds);
        }
        double[] logs = new double[ratios.length];
        for (int k = 0; k < logs.length; k++) {
            logs[k] = Math.log(ratios[k]);
        }
        Interval log = Interval.of(logs);
        return new PairedRatio(Math.exp(log.mean()), Math.exp(log.low()), Math.exp(log.high()), ratios.length, seeds);
    }

    /** Whether it rests on fewer seed pairs than {@code minimum} (or all there were, when fewer ran). */
    public boolean tooFew(int minimum) {
        return pairs < Math.min(minimum, seeds);
    }

    /** The statistic, for a summary's preamble. */
    static final String RULE = "the geometric mean of the per-seed ratios (paired by seed; speedups over the seeds where both sides "
            + "reached the target) with a 95% CI computed on the log scale, so it is asymmetric and positive; (k/n): k of n seed "
            + "pairs used";
    /** In short, for a table's caption. */
    static final String CAPTION = "geometric mean over seed pairs, 95% CI on the log scale; (k/n) pairs used; † too few";

    /** A table cell: "2.51x [2.38, 2.65] (5/5)", with a dagger when it rests on too few pairs; "no pair (0/5)". */
    public String cell(String unit, int minimum) {
        String count = " (" + pairs + "/" + seeds + ")";
        if (pairs == 0) {
            return "no pair" + count;
        }
        count += tooFew(minimum) ? " †" : "";
        String estimate = number(value) + unit;
        return (Double.isNaN(low) ? estimate : estimate + " [" + number(low) + ", " + number(high) + "]") + count;
    }

    /** Three significant digits, without an exponent between 0.001 and 10^5. */
    static String number(double v) {
        if (v == 0) {
            return "0";
        }
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        double magnitude = Math.abs(v);
        if (magnitude >= 1e5 || magnitude < 1e-3) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        int decimals = Math.max(0, 2 - (int) Math.floor(Math.log10(magnitude)));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
