package org.moshsim.compress;

/**
 * A lossy codec for one vector: an exact byte layout (so {@link #bytes} prices what is really sent) and a
 * deterministic round-to-nearest encode-decode round trip. Inputs must be finite except for {@link Float16}.
 */
public sealed interface Codec extends Compressor permits Float16, Blockwise8Bit, GroupQuantizer {
    /** A short name for tables and file names, such as "int4-g128". */
    String name();

    /** The exact size in bytes of {@link #encode} for a vector of {@code length} values, metadata included. */
    long bytes(int length);

    /** The wire form of {@code x[from .. from + length - 1]} (little-endian). */
    byte[] encode(float[] x, int from, int length);

    /** Decodes {@code length} values from {@code packed} into {@code out[outFrom ..]}. */
    void decode(byte[] packed, int length, float[] out, int outFrom);

    /** What the receiver holds after {@code x[from .. from + length - 1]} is encoded and decoded. */
    default void roundTrip(float[] x, int from, int length, float[] out, int outFrom) {
        decode(encode(x, from, length), length, out, outFrom);
    }

    @Override
    default void compress(float[] x, float[] out, int round, int peer) {
        roundTrip(x, 0, x.length, out, 0);
    }
}
