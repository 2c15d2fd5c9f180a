package org.moshsim.metrics;

import java.util.Map;

/**
 * The error of one run after each round (round 0 = initial state), with what identifies the run: the
 * swept keys' values (key path to text), the protocol's label and the seed.
 */
public record Series(Map<String, String> coordinates, String protocol, int seed, double[] mse) {
    /** The number of rounds run (the last round index). */
    public int rounds() {
        return mse.length - 1;
    }
}
