package org.moshsim.config;

/**
 * How long runs last in simulated time. Synchronous protocols stop after their rounds or at the horizon,
 * whichever comes first; asynchronous ones run to the horizon, sampled every {@code sample} seconds.
 */
public record TimingSpec(double horizon, double sample) {
    public static final TimingSpec UNBOUNDED = new TimingSpec(Double.POSITIVE_INFINITY, Double.NaN);
}
