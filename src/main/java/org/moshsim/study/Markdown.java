package org.moshsim.study;

import org.moshsim.report.Interval;

/** Numbers for the studies' Markdown summaries. */
final class Markdown {
    private Markdown() {
    }

    /** "mean [low, high]" in the given format, or the mean alone for a single seed. */
    static String interval(Interval interval, String format) {
        if (Double.isNaN(interval.low())) {
            return String.format(format, interval.mean());
        }
        return String.format(format + " [" + format + ", " + format + "]", interval.mean(), interval.low(), interval.high());
    }
}
