package org.moshsim.random;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * Streams of random numbers as pure functions of (seed, purpose, a, b).
 *
 * <p>Block k (k = 0, 1, ...) of a stream holds the four words of Philox4x32-10 with key (seed low 32 bits,
 * seed high 32 bits) and counter (k + 1, a, b, purpose code): commons-rng starts one block past the counter
 * it is seeded with. Any implementation (the CUDA kernels included) that evaluates the same blocks gets the
 * same numbers; {@link Philox} is ours, cheaper to create than commons-rng's and checked against it word for word.
 */
public final class RandomStreams {
    private RandomStreams() {
    }

    /** A fresh stream; a and b are indices such as a peer or a round, chosen by the caller's purpose. */
    public static UniformRandomProvider stream(long seed, Purpose purpose, int a, int b) {
        return new Philox((int) seed, (int) (seed >>> 32), 0, a, b, purpose.code);
    }

    /**
     * The stream {@link #stream}(seed, purpose, a, b) from its start, in {@code reused} where that is one of these
     * streams (null: a new one): a loop that draws from one stream per group or key then allocates nothing.
     */
    public static UniformRandomProvider restart(UniformRandomProvider reused, long seed, Purpose purpose, int a, int b) {
        if (reused instanceof Philox philox && philox.keyed((int) seed, (int) (seed >>> 32))) {
            philox.restart(a, b, purpose.code);
            return philox;
        }
        return stream(seed, purpose, a, b);
    }

    /** A uniform number in the open interval (0, 1) from 32 random bits; never 0, so its log is finite. */
    public static double openUniform(int bits) {
        return ((bits & 0xffff_ffffL) + 0.5) * 0x1p-32;
    }

    /** True with probability p, decided by comparing 32 random bits with p * 2^32 (exact for p = 0 and p = 1). */
    public static boolean bernoulli(int bits, long threshold) {
        return (bits & 0xffff_ffffL) < threshold;
    }

    /** The threshold for {@link #bernoulli}: p * 2^32 rounded to the nearest integer. */
    public static long bernoulliThreshold(double p) {
        return Math.round(p * 0x1p32);
    }

    /**
     * Row {@code row} of a matrix of independent normal values, by Box-Muller on the stream
     * (seed, INITIAL_VALUES, row, 0): each block's words (u0, u1) give elements 4k and 4k+1 as
     * r cos(t), r sin(t) with r = sqrt(-2 ln U(u0)), t = 2 pi U(u1); words (u2, u3) give 4k+2 and 4k+3.
     * StrictMath keeps the values identical on every machine.
     */
    public static void normalRow(long seed, int row, double mean, double std, float[] dst, int offset, int length) {
        UniformRandomProvider rng = stream(seed, Purpose.INITIAL_VALUES, row, 0);
        for (int j = 0; j < length; j += 2) {
            double r = StrictMath.sqrt(-2.0 * StrictMath.log(openUniform(rng.nextInt())));
            double t = 2.0 * StrictMath.PI * openUniform(rng.nextInt());
            dst[offset + j] = (float) (mean + std * r * StrictMath.cos(t));
            if (j + 1 < length) {
                dst[offset + j + 1] = (float) (mean + std * r * StrictMath.sin(t));
            }
        }
    }

    /** Row {@code row} of a matrix of independent uniform values in (low, high): word j of the stream gives element j. */
    public static void uniformRow(long seed, int row, double low, double high, float[] dst, int offset, int length) {
        UniformRandomProvider rng = stream(seed, Purpose.INITIAL_VALUES, row, 0);
        for (int j = 0; j < length; j++) {
            dst[offset + j] = (float) (low + (high - low) * openUniform(rng.nextInt()));
        }
    }
}
