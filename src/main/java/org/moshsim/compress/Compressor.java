package org.moshsim.compress;

/**
 * A compressor seen from the receiving side: the reconstruction of one peer's vector after encoding and
 * decoding. Round and peer are there for compressors whose randomness is a function of (seed, round, peer).
 */
@FunctionalInterface
public interface Compressor {
    /** Writes the reconstruction C(x) of peer {@code peer}'s vector x at round {@code round} into out (same length). */
    void compress(float[] x, float[] out, int round, int peer);
}
