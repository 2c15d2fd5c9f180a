package org.moshsim.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * The rounds or seconds to a target over seeds, some of which may have stopped before reaching it. A seed that
 * never got there is right-censored at its run's end: it tells only that its time is later. One rule for every
 * table:
 * <ul>
 *   <li>every seed reached the target: the mean with a 95% t-interval ({@link Kind#MEAN});</li>
 *   <li>some did: the Kaplan-Meier median, the first time at which the estimated fraction still short of the target
 *   falls to one half or less ({@link Kind#MEDIAN}; a mean would be biased low by the runs' ends);</li>
 *   <li>too few did for that, or none: only that the median is later than the last time observed ({@link Kind#LATER}).</li>
 * </ul>
 *
 * @param reached how many seeds reached the target
 * @param seeds how many seeds ran
 * @param value the mean, the median, or (later) the last time observed
 * @param low the 95% interval's lower end (a mean of two seeds or more), else NaN
 * @param high its upper end, else NaN
 */
public record TimeTo(Kind kind, double value, double low, double high, int reached, int seeds) {
    /** Which statistic {@code value} is. */
    public enum Kind {
        MEAN("mean"), MEDIAN("km-median"), LATER("later-than");

        private final String column;

        Kind(String column) {
            this.column = column;
        }

        /** The word in summary.csv. */
        public String column() {
            return column;
        }
    }

    /**
     * The statistic of {@code times}: seed s reached the target at {@code times[s]} when {@code reached[s]}, else its
     * run ended at {@code times[s]} without reaching it.
     */
    public static TimeTo of(double[] times, boolean[] reached) {
        int n = times.length;
        int hits = 0;
        for (boolean r : reached) {
            hits += r ? 1 : 0;
        }
        if (hits == n) {
            Interval mean = Interval.of(times);
            return new TimeTo(Kind.MEAN, mean.mean(), mean.low(), mean.high(), n, n);
        }
        // Kaplan-Meier: in time order, at ties events before censorings (a run that stopped at t was still short at t).
        Integer[] order = new Integer[n];
        for (int s = 0; s < n; s++) {
            order[s] = s;
        }
        Arrays.sort(order, (a, b) -> times[a] != times[b] ? Double.compare(times[a], times[b]) : Boolean.compare(reached[b], reached[a]));
        double shortOf = 1;
        int atRisk = n;
        for (int k = 0; k < n; ) {
            double t = times[order[k]];
            int events = 0;
            int leaving = 0;
            while (k < n && times[order[k]] == t) {
                events += reached[order[k]] ? 1 : 0;
                leaving++;
                k++;
            }
            shortOf *= 1 - (double) events / atRisk;
            atRisk -= leaving;
            // The tolerance keeps an exact half (two of four seeds) from missing by a rounding error.
            if (events > 0 && shortOf <= 0.5 + 1e-12) {
                return new TimeTo(Kind.MEDIAN, t, Double.NaN, Double.NaN, hits, n);
            }
        }
        return new TimeTo(Kind.LATER, times[order[n - 1]], Double.NaN, Double.NaN, hits, n);
    }

    /** Whether every seed reached the target. */
    public boolean allReached() {
        return reached == seeds;
    }

    /**
     * A table cell with the count of seeds that reached the target: "5.80 ± 0.35 (5/5)", "median 12.0 (3/5)",
     * "&gt; 200 (2/5)", "never (0/5)"; {@code number} writes the numbers.
     */
    public String cell(DoubleFunction<String> number) {
        String count = " (" + reached + "/" + seeds + ")";
        return switch (kind) {
            case MEAN -> withInterval(number) + count;
            case MEDIAN -> "median " + number.apply(value) + count;
            case LATER -> (reached == 0 ? "never" : "> " + number.apply(value)) + count;
        };
    }

    /** A cell with the numbers in a {@link String#format} pattern such as {@code %.1f}. */
    public String cell(String format) {
        return cell(v -> String.format(Locale.ROOT, format, v));
    }

    private String withInterval(DoubleFunction<String> number) {
        if (Double.isNaN(low)) {
            return number.apply(value);
        }
        // Rounding noise in the last digits of equal times is no uncertainty.
        double half = (high - low) / 2;
        half = half <= 1e-9 * Math.abs(value) ? 0 : half;
        return number.apply(value) + " ± " + number.apply(half);
    }

    /** The rule, for a summary's preamble. */
    static final String RULE = "the mean ± its 95% CI half-width when every seed reached the target; otherwise the Kaplan-Meier "
            + "median, with the seeds that never reached it censored at their run's end ('median t'), '> t' when fewer than half "
            + "had reached it by the last time observed, 'never' when none did; (k/n): k of n seeds reached it";
    /** The rule in short, for a table's caption. */
    static final String CAPTION = "mean ± 95% CI when all seeds reached it, else the Kaplan-Meier median; (k/n) seeds reached it";
}
