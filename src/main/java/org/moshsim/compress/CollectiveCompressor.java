package org.moshsim.compress;

/**
 * A compressor applied to all peers' vectors at once, for compressors whose choice is shared by the peers
 * (ARC-Top-K picks the same rows everywhere from an all-reduced sketch). Error feedback works on this form.
 */
@FunctionalInterface
public interface CollectiveCompressor {
    /** Writes the reconstruction of every peer's vector xs[i] into outs[i]. */
    void compress(float[][] xs, float[][] outs, int round);

    /** Each peer compresses its own vector, independently of the others. */
    static CollectiveCompressor perPeer(Compressor compressor) {
        return (xs, outs, round) -> {
            for (int i = 0; i < xs.length; i++) {
                compressor.compress(xs[i], outs[i], round, i);
            }
        };
    }
}
