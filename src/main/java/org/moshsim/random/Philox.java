package org.moshsim.random;

import org.apache.commons.rng.core.source32.IntProvider;

/**
 * Philox4x32-10 (Salmon et al., SC'11) as commons-rng's {@code Philox4x32} computes it, word for word, but cheap to
 * create: a stream is a key and a counter in fields, its block evaluated in locals. Runs create a stream per peer or
 * per group and read a few words from it, so creating one (an object, no arrays) must cost little next to its words.
 * Like commons-rng, the first block is the one after the counter it starts with; every other method (bounded ints,
 * doubles, longs) is commons-rng's own, from {@link IntProvider}.
 */
final class Philox extends IntProvider {
    private final int key0;
    private final int key1;
    private int counter0;
    private int counter1;
    private int counter2;
    private int counter3;
    private int word0;
    private int word1;
    private int word2;
    private int word3;
    /** The next word of the current block to hand out (4: none left). */
    private int position = 4;

    Philox(int key0, int key1, int counter0, int counter1, int counter2, int counter3) {
        this.key0 = key0;
        this.key1 = key1;
        this.counter0 = counter0;
        this.counter1 = counter1;
        this.counter2 = counter2;
        this.counter3 = counter3;
    }

    /** Moves this stream to the start of the one with the same key and counter (0, c1, c2, c3), as if new. */
    void restart(int c1, int c2, int c3) {
        counter0 = 0;
        counter1 = c1;
        counter2 = c2;
        counter3 = c3;
        position = 4;
        resetCachedState();
    }

    /** Whether this stream's key is (key0, key1). */
    boolean keyed(int k0, int k1) {
        return key0 == k0 && key1 == k1;
    }

    @Override
    public int next() {
        switch (position) {
            case 0:
                position = 1;
                return word0;
            case 1:
                position = 2;
                return word1;
            case 2:
                position = 3;
                return word2;
            case 3:
                position = 4;
                return word3;
            default:
                nextBlock();
                position = 1;
                return word0;
        }
    }

    /** Steps the 128-bit counter (with carries, as commons-rng does) and evaluates its block. */
    private void nextBlock() {
        if (++counter0 == 0 && ++counter1 == 0 && ++counter2 == 0) {
            ++counter3;
        }
        int c0 = counter0;
        int c1 = counter1;
        int c2 = counter2;
        int c3 = counter3;
        int k0 = key0;
        int k1 = key1;
        for (int round = 0; round < 10; round++) {
            long product0 = 0xD251_1F53L * (c0 & 0xFFFF_FFFFL);
            long product1 = 0xCD9E_8D57L * (c2 & 0xFFFF_FFFFL);
            int next0 = (int) (product1 >>> 32) ^ c1 ^ k0;
            int next2 = (int) (product0 >>> 32) ^ c3 ^ k1;
            c1 = (int) product1;
            c3 = (int) product0;
            c0 = next0;
            c2 = next2;
            k0 += 0x9E37_79B9;
            k1 += 0xBB67_AE85;
        }
        word0 = c0;
        word1 = c1;
        word2 = c2;
        word3 = c3;
    }
}
