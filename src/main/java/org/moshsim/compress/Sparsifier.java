package org.moshsim.compress;

/** A compressor that keeps some coordinates of a vector and zeroes the rest. */
public sealed interface Sparsifier extends Compressor permits TopK, RandK {
    /** The kept coordinates of x at this round, in increasing order. */
    int[] indices(float[] x, int round);

    /** Bytes one peer sends for a vector of {@code length} values. */
    long bytes(int length);

    /**
     * Whether the peers' sparse vectors share their support, so that they can be summed by an all-reduce of
     * the kept values; otherwise averaging needs an all-gather of every peer's values and indices.
     */
    boolean allReduceCompatible();
}
