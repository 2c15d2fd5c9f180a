package org.moshsim.compress;

import java.util.Arrays;

/**
 * What a compressed all-reduce yields: the sum every peer ends with, the bytes each peer sent, and the
 * sequential communication steps, so a latency-bandwidth model prices it as steps * latency + bytes / bandwidth.
 */
public record AllReduceOutcome(float[] sum, long[] bytesSent, int steps) {
    /** The most any peer sent: the busiest link sets the time of a synchronous collective. */
    public long maxBytesSent() {
        return Arrays.stream(bytesSent).max().orElse(0);
    }
}
