package org.moshsim;

import java.util.Locale;

/** A level of a measure that a run reaches: below it for errors and losses, at or above it for accuracy. */
public record Target(Measure measure, double level) {
    public boolean reachedBy(double value) {
        return measure.lowerIsBetter() ? value < level : value >= level;
    }

    /** A short column label: {@code 1e-4} for the mse (as in the averaging tables), else e.g. {@code accuracy_0.9}. */
    public String label() {
        return measure == Measure.MSE ? exponent(level) : measure.column() + "_" + decimal(level);
    }

    /** In words, e.g. {@code mse < 1e-4} or {@code accuracy >= 0.9}. */
    public String describe() {
        return measure.column() + (measure.lowerIsBetter() ? " < " : " >= ") + (measure == Measure.MSE ? exponent(level) : decimal(level));
    }

    /** 1e-4, 2.5e-3. */
    public static String exponent(double level) {
        String[] parts = String.format(Locale.ROOT, "%e", level).split("e");
        String mantissa = parts[0].replaceAll("0+$", "").replaceAll("\\.$", "");
        return mantissa + "e" + Integer.parseInt(parts[1]);
    }

    private static String decimal(double level) {
        return level >= 1e-3 ? String.format(Locale.ROOT, "%.6f", level).replaceAll("0+$", "").replaceAll("\\.$", "") : exponent(level);
    }
}
