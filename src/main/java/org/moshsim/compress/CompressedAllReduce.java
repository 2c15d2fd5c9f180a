package org.moshsim.compress;

/** An all-reduce whose messages are compressed, simulated value by value so its error is the real one. */
public sealed interface CompressedAllReduce permits TwoStepQuantizedAllReduce, Float16RingAllReduce {
    /** Sums the peers' vectors (N x D); every peer ends with the returned sum. */
    AllReduceOutcome reduce(float[][] peers);
}
