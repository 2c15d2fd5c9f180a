package org.moshsim.report;

import java.math.BigDecimal;
import java.util.function.Function;

/** Tick labels a reader takes in at a glance: no 15-digit fractions, and on a log axis not every decade. */
final class Ticks {
    /** At most this many labelled decades on a log axis; the others keep their tick and grid line. */
    private static final int DECADE_LABELS = 6;

    private Ticks() {
    }

    /** A linear axis's value with at most four significant digits and no trailing zeros: 0.25, 50, 1.2e+06. */
    static String plain(double value) {
        if (value == 0) {
            return "0";
        }
        if (Math.abs(value) >= 1e6 || Math.abs(value) < 1e-4) {
            return decade(value);
        }
        return new BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /**
     * A log axis's labels between {@code low} and {@code high}: decades as 0.01, 0.1, 1, 10, 100 and beyond that as
     * 1e-9; every k-th decade only (those divisible by k) when there are more than {@value #DECADE_LABELS}.
     */
    static Function<Double, String> decades(double low, double high) {
        int span = (int) Math.round(Math.log10(high) - Math.log10(low));
        int step = Math.max(1, (int) Math.ceil(span / (double) DECADE_LABELS));
        return value -> {
            double exponent = Math.log10(value);
            long e = Math.round(exponent);
            if (Math.abs(exponent - e) > 1e-6 || e % step != 0) {
                return "";
            }
            return decade(Math.pow(10, e));
        };
    }

    /** The decades between {@code low} and {@code high} that {@link #decades} labels. */
    static java.util.List<Double> labelled(double low, double high) {
        Function<Double, String> labels = decades(low, high);
        java.util.List<Double> levels = new java.util.ArrayList<>();
        for (long e = (long) Math.ceil(Math.log10(low) - 1e-9); e <= Math.floor(Math.log10(high) + 1e-9); e++) {
            if (!labels.apply(Math.pow(10, e)).isEmpty()) {
                levels.add(Math.pow(10, e));
            }
        }
        return levels;
    }

    /** A decade in short form: 0.01 to 1000 as decimals, else 1e-9 or 1e6 (a mantissa other than 1 kept: 2.5e-3). */
    static String decade(double value) {
        double exponent = Math.log10(Math.abs(value));
        long e = (long) Math.floor(exponent + 1e-9);
        double mantissa = value / Math.pow(10, e);
        if (Math.abs(Math.abs(mantissa) - 1) < 1e-9 && e >= -2 && e <= 3) {
            return new BigDecimal(value).round(new java.math.MathContext(1)).stripTrailingZeros().toPlainString();
        }
        String m = new BigDecimal(mantissa).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
        return (m.equals("1") ? "1" : m) + "e" + e;
    }
}
