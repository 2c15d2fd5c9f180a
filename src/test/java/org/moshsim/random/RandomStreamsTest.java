package org.moshsim.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.source32.Philox4x32;
import org.junit.jupiter.api.Test;

class RandomStreamsTest {
    /** Random123's known answer for Philox4x32-10 at counter 0, key 0 (the values cuRAND's Philox also gives). */
    @Test
    void philoxMatchesTheRandom123KnownAnswer() {
        // commons-rng generates from one block past its seed counter, so start at all ones to land on zero.
        for (UniformRandomProvider philox : new UniformRandomProvider[] {new Philox4x32(new int[] {0, 0, -1, -1, -1, -1}),
            new Philox(0, 0, -1, -1, -1, -1)}) {
            int[] block = {philox.nextInt(), philox.nextInt(), philox.nextInt(), philox.nextInt()};
            assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, block);
        }
    }

    @Test
    void streamBlocksAreCounterFunctions() {
        long seed = 0x1234_5678_9abc_def0L;
        UniformRandomProvider stream = RandomStreams.stream(seed, Purpose.GROUPS, 7, 3);
        for (int k = 0; k < 3; k++) {
            UniformRandomProvider direct = new Philox4x32(new int[] {(int) seed, (int) (seed >>> 32), k, 7, 3, Purpose.GROUPS.code()});
            for (int w = 0; w < 4; w++) {
                assertEquals(direct.nextInt(), stream.nextInt(), "block " + k + " word " + w);
            }
        }
    }

    /** Ours gives commons-rng's words, and so its bounded ints, longs, doubles and booleans, across counter carries. */
    @Test
    void ourPhiloxIsCommonsRngsWordForWord() {
        int[][] starts = {{0, 0, 0, 7, 3, Purpose.GROUPS.code()}, {0x9abc_def0, 0x1234_5678, -3, -1, -1, 5},
            {-1, -1, -2, -1, 4, 2}, {5, 6, -1, -1, -1, -1}};
        for (int[] start : starts) {
            UniformRandomProvider theirs = new Philox4x32(start.clone());
            UniformRandomProvider ours = new Philox(start[0], start[1], start[2], start[3], start[4], start[5]);
            for (int i = 0; i < 200; i++) {
                switch (i % 6) {
                    case 0 -> assertEquals(theirs.nextInt(), ours.nextInt());
                    case 1 -> assertEquals(theirs.nextInt(1 + i), ours.nextInt(1 + i));
                    case 2 -> assertEquals(theirs.nextLong(), ours.nextLong());
                    case 3 -> assertEquals(theirs.nextDouble(), ours.nextDouble());
                    case 4 -> assertEquals(theirs.nextBoolean(), ours.nextBoolean());
                    default -> assertEquals(theirs.nextInt(1000, 5000 + i), ours.nextInt(1000, 5000 + i));
                }
            }
        }
    }

    @Test
    void purposesAndIndicesGiveDifferentStreams() {
        int a = RandomStreams.stream(1, Purpose.GROUPS, 0, 0).nextInt();
        assertNotEquals(a, RandomStreams.stream(1, Purpose.FAILURES, 0, 0).nextInt());
        assertNotEquals(a, RandomStreams.stream(1, Purpose.GROUPS, 1, 0).nextInt());
        assertNotEquals(a, RandomStreams.stream(2, Purpose.GROUPS, 0, 0).nextInt());
    }

    @Test
    void normalRowsHaveTheRightMoments() {
        int n = 200_000;
        float[] values = new float[n];
        RandomStreams.normalRow(3, 0, 2.0, 0.5, values, 0, n);
        double sum = 0;
        double squares = 0;
        for (float v : values) {
            sum += v;
            squares += v * v;
        }
        double mean = sum / n;
        double variance = squares / n - mean * mean;
        assertEquals(2.0, mean, 5 * 0.5 / Math.sqrt(n));
        assertEquals(0.25, variance, 0.01);
    }

    @Test
    void rowsAreTheSameWhateverTheirLengthOrOffset() {
        float[] whole = new float[10];
        float[] part = new float[12];
        RandomStreams.normalRow(9, 4, 0, 1, whole, 0, 10);
        RandomStreams.normalRow(9, 4, 0, 1, part, 2, 7);
        for (int j = 0; j < 7; j++) {
            assertEquals(whole[j], part[2 + j]);
        }
    }

    @Test
    void uniformsAreOpenAndBernoulliThresholdsExact() {
        assertEquals(0.5 * 0x1p-32, RandomStreams.openUniform(0));
        assertEquals(1 - 0.5 * 0x1p-32, RandomStreams.openUniform(-1));
        assertEquals(false, RandomStreams.bernoulli(0, RandomStreams.bernoulliThreshold(0)));
        assertEquals(true, RandomStreams.bernoulli(-1, RandomStreams.bernoulliThreshold(1)));
    }
    /** A restarted stream gives the fresh stream's numbers, whatever the old one had drawn or cached (a boolean's bits). */
    @Test
    void aRestartedStreamIsTheFreshOne() {
        UniformRandomProvider reused = RandomStreams.stream(7, Purpose.GROUPS, 1, 2);
        reused.nextBoolean();
        reused.nextInt(17);
        for (int key = 0; key < 5; key++) {
            UniformRandomProvider fresh = RandomStreams.stream(7, Purpose.CHUNK_INDICES, 3, key);
            UniformRandomProvider restarted = RandomStreams.restart(reused, 7, Purpose.CHUNK_INDICES, 3, key);
            assertEquals(reused, restarted, "the same object");
            for (int k = 0; k < 9; k++) {
                assertEquals(fresh.nextBoolean(), restarted.nextBoolean());
                assertEquals(fresh.nextInt(1000), restarted.nextInt(1000));
                assertEquals(fresh.nextLong(), restarted.nextLong());
            }
        }
        // Another seed is another key: a new stream.
        UniformRandomProvider other = RandomStreams.restart(reused, 8, Purpose.GROUPS, 0, 0);
        assertNotEquals(reused, other);
        assertEquals(RandomStreams.stream(8, Purpose.GROUPS, 0, 0).nextLong(), other.nextLong());
    }
}
