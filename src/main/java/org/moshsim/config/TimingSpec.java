package org.moshsim.config;

/**
 * How long runs last in simulated time, and when they are measured. Synchronous protocols stop after their rounds or
 * at the horizon, whichever comes first, and are measured after every {@code every}-th round or, recording by
 * {@code sample}, after the first round to end at or after each multiple of {@code sample} seconds (always after their
 * first and last); asynchronous ones run to the horizon, sampled every {@code sample} seconds.
 */
public record TimingSpec(double horizon, double sample, Record record, int every) {
    public static final TimingSpec UNBOUNDED = new TimingSpec(Double.POSITIVE_INFINITY, Double.NaN);

    /** Which rounds of a synchronous run are measured. */
    public enum Record { ROUNDS, SAMPLE }

    /** Every round measured. */
    public TimingSpec(double horizon, double sample) {
        this(horizon, sample, Record.ROUNDS, 1);
    }

    /**
     * Whether a synchronous run measures itself after {@code rounds} rounds at simulated {@code time}, when it last did
     * at {@code measured} seconds.
     */
    public boolean measures(int rounds, double time, double measured) {
        return record == Record.ROUNDS ? rounds % every == 0 : Math.floor(time / sample) > Math.floor(measured / sample);
    }
}
