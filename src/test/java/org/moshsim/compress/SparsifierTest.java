package org.moshsim.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;

class SparsifierTest {
    @Test
    void topKKeepsExactlyTheKLargestMagnitudes() {
        UniformRandomProvider rng = RandomStreams.stream(7, Purpose.COMPRESSION, 0, 0);
        for (int trial = 0; trial < 300; trial++) {
            int length = 1 + rng.nextInt(200);
            int k = 1 + rng.nextInt(length);
            float[] x = new float[length];
            for (int j = 0; j < length; j++) {
                x[j] = rng.nextInt(21) - 10; // small integers: many ties in magnitude
            }
            float[] out = new float[length];
            new TopK(k).compress(x, out, trial, 0);
            int[] indices = new TopK(k).indices(x, trial);
            assertEquals(k, indices.length);
            float smallestKept = Float.POSITIVE_INFINITY;
            float largestDropped = -1;
            double dropped = 0;
            double total = 0;
            for (int j = 0; j < length; j++) {
                total += x[j] * (double) x[j];
                if (Arrays.binarySearch(indices, j) >= 0) {
                    smallestKept = Math.min(smallestKept, Math.abs(x[j]));
                    assertEquals(x[j], out[j], 0.0);
                } else {
                    largestDropped = Math.max(largestDropped, Math.abs(x[j]));
                    assertEquals(0f, out[j], 0.0);
                    dropped += x[j] * (double) x[j];
                }
            }
            assertTrue(smallestKept >= largestDropped, "kept " + smallestKept + " < dropped " + largestDropped);
            assertTrue(dropped <= (1 - (double) k / length) * total + 1e-9, "contraction 1 - k/D");
        }
        // Ties go to the lower index.
        assertArrayEquals(new int[] {0, 1}, new TopK(2).indices(new float[] {-1, 1, 1, 1}, 0));
        assertArrayEquals(new int[] {1, 3}, new TopK(2).indices(new float[] {0.5f, -2, 1, 3}, 0));
    }

    @Test
    void topKAveragingNeedsAnAllGather() {
        TopK topK = new TopK(10);
        assertEquals(80, topK.bytes(1000));
        assertEquals(3 * 80, topK.gatheredBytes(1000, 4));
        assertEquals(15 * 80, topK.gatheredBytes(1000, 16));
        assertFalse(topK.allReduceCompatible());
    }

    @Test
    void randKIndicesAreSharedByPeersAndChangeWithTheRound() {
        RandK randK = new RandK(16, 42, false);
        int length = 500;
        for (int round = 0; round < 20; round++) {
            int[] expected = randK.indices(length, round);
            assertEquals(16, Arrays.stream(expected).distinct().count());
            for (int peer = 0; peer < 5; peer++) {
                float[] x = new float[length];
                RandomStreams.normalRow(peer, round, 1, 1, x, 0, length);
                float[] out = new float[length];
                new RandK(16, 42, false).compress(x, out, round, peer);
                int[] support = IntStream.range(0, length).filter(j -> out[j] != 0).toArray();
                assertArrayEquals(expected, support, "peer " + peer + " round " + round);
            }
            assertFalse(Arrays.equals(expected, randK.indices(length, round + 1)), "round " + round);
        }
        assertEquals(64, randK.bytes(500));
        assertTrue(randK.allReduceCompatible());
    }

    /**
     * E[C(x)_j] = x_j when scaled by D/k: over T rounds the sample mean of coordinate j has standard deviation
     * |x_j| sqrt((D/k - 1) / T), so every coordinate must lie within 5 of them. The unscaled form must fail it.
     */
    @Test
    void scaledRandKIsUnbiased() {
        int length = 40;
        int k = 8;
        int trials = 20_000;
        float[] x = new float[length];
        RandomStreams.normalRow(9, 0, 0, 1, x, 0, length);
        double[] scaled = new double[length];
        double[] unscaled = new double[length];
        float[] out = new float[length];
        for (int round = 0; round < trials; round++) {
            new RandK(k, 11, true).compress(x, out, round, 0);
            for (int j = 0; j < length; j++) {
                scaled[j] += out[j] / (double) trials;
            }
            new RandK(k, 11, false).compress(x, out, round, 0);
            for (int j = 0; j < length; j++) {
                unscaled[j] += out[j] / (double) trials;
            }
        }
        int biased = 0;
        for (int j = 0; j < length; j++) {
            double sigma = Math.abs(x[j]) * Math.sqrt(((double) length / k - 1) / trials);
            assertEquals(x[j], scaled[j], 5 * sigma + 1e-6, "coordinate " + j);
            if (Math.abs(unscaled[j] - x[j]) > 5 * sigma) {
                biased++;
            }
        }
        assertTrue(biased > length / 2, "the unscaled form is biased towards k/D x: " + biased);
    }
}
