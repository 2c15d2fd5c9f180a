package org.moshsim.metrics;

import java.util.Map;

/**
 * One run's measurements, oldest first, with what identifies the run: the swept keys' values (key path to
 * text), the protocol's label and the seed. Entry 0 is the initial state. In synchronous runs {@code round}
 * counts rounds; in asynchronous runs it is the effective round, the averagings completed per peer.
 *
 * @param time simulated seconds
 * @param bytes bytes sent by all peers so far
 * @param bytesPeerMax the most bytes any one peer has sent so far
 */
public record Series(Map<String, String> coordinates, String protocol, int seed, double[] round, double[] time, double[] bytes,
                     double[] bytesPeerMax, double[] mse) {
    /** The number of measurements. */
    public int size() {
        return mse.length;
    }

    /** The index of the last measurement. */
    public int last() {
        return mse.length - 1;
    }

    /** The first index whose mse is below the target, or -1. */
    public int firstBelow(double target) {
        for (int k = 0; k < mse.length; k++) {
            if (mse[k] < target) {
                return k;
            }
        }
        return -1;
    }

    /** The series with new coordinates, protocol and seed (the simulation does not know them). */
    public Series identified(Map<String, String> coordinates, String protocol, int seed) {
        return new Series(coordinates, protocol, seed, round, time, bytes, bytesPeerMax, mse);
    }
}
