package org.moshsim.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PartitionTest {
    @Property(tries = 300)
    void iidShardsPartitionTheRowsEvenly(@ForAll @IntRange(min = 1, max = 2000) int rows,
                                         @ForAll @IntRange(min = 1, max = 300) int peers,
                                         @ForAll long seed) {
        if (rows < peers) {
            assertThrows(IllegalArgumentException.class, () -> Partition.iid(rows, peers, seed));
            return;
        }
        int[][] shards = Partition.iid(rows, peers, seed);
        assertPartition(shards, rows, peers);
        int min = Arrays.stream(shards).mapToInt(s -> s.length).min().orElseThrow();
        int max = Arrays.stream(shards).mapToInt(s -> s.length).max().orElseThrow();
        assertTrue(max - min <= 1, "sizes " + min + ".." + max);
    }

    @Test
    void iidIsAFunctionOfTheSeedAndShuffles() {
        int[][] a = Partition.iid(1000, 7, 1);
        assertArrayEquals(a, Partition.iid(1000, 7, 1));
        assertFalse(Arrays.deepEquals(a, Partition.iid(1000, 7, 2)));
        assertFalse(Arrays.equals(a[0], IntStream.range(0, a[0].length).toArray()), "shuffled");
    }

    @Test
    void tooFewExamplesAreRejectedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Partition.iid(5, 8, 1));
        assertEquals("8 peers need at least 8 training examples, the dataset has 5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Partition.iid(5, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Partition.dirichlet(new float[3], 1, 4, 1, 1));
    }

    @Property(tries = 100)
    void dirichletShardsPartitionTheRowsAndAreNonEmpty(@ForAll @IntRange(min = 1, max = 400) int rows,
                                                       @ForAll @IntRange(min = 1, max = 60) int peers,
                                                       @ForAll @IntRange(min = 1, max = 12) int classes,
                                                       @ForAll @DoubleRange(min = 0.01, max = 100) double alpha,
                                                       @ForAll long seed) {
        float[] labels = new float[Math.max(rows, peers)];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (i * 7 + i / 3) % classes;
        }
        int[][] shards = Partition.dirichlet(labels, classes, peers, alpha, seed);
        assertPartition(shards, labels.length, peers);
        assertArrayEquals(shards, Partition.dirichlet(labels, classes, peers, alpha, seed));
    }

    @Test
    void oneExampleEachWhenPeersEqualRows() {
        float[] labels = new float[50];
        int[][] shards = Partition.dirichlet(labels, 1, 50, 0.05, 3);
        assertPartition(shards, 50, 50);
        for (int[] shard : shards) {
            assertEquals(1, shard.length);
        }
    }

    @Test
    void smallAlphaSkewsTheLabelsAndLargeAlphaDoesNot() {
        Dataset digits = Dataset.load("digits");
        int peers = 10;
        double skewed = 0;
        double even = 0;
        for (long seed = 0; seed < 5; seed++) {
            int[][] small = Partition.dirichlet(digits.y(), 10, peers, 0.1, seed);
            int[][] large = Partition.dirichlet(digits.y(), 10, peers, 1000, seed);
            assertPartition(small, digits.rows(), peers);
            assertPartition(large, digits.rows(), peers);
            skewed += meanDistance(digits, small) / 5;
            even += meanDistance(digits, large) / 5;
        }
        assertTrue(skewed > 0.4, "alpha 0.1: mean total variation " + skewed);
        assertTrue(even < 0.05, "alpha 1000: mean total variation " + even);
        double iid = meanDistance(digits, Partition.iid(digits.rows(), peers, 0));
        assertTrue(skewed > 5 * iid, "i.i.d.: mean total variation " + iid);
    }

    @Test
    void badDirichletArgumentsThrow() {
        float[] labels = {0, 1, 2, 1, 0, 2};
        for (double alpha : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> Partition.dirichlet(labels, 3, 2, alpha, 1), "alpha " + alpha);
        }
        assertThrows(IllegalArgumentException.class, () -> Partition.dirichlet(labels, 2, 2, 1, 1), "label 2 of 2 classes");
        assertThrows(IllegalArgumentException.class, () -> Partition.dirichlet(new float[] {0, 0.5f}, 2, 2, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Partition.dirichlet(new float[] {0, -1}, 2, 2, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Partition.dirichlet(labels, 0, 2, 1, 1));
    }

    /** Every row in exactly one shard, every shard non-empty and ascending. */
    private static void assertPartition(int[][] shards, int rows, int peers) {
        assertEquals(peers, shards.length);
        int[] seen = new int[rows];
        for (int[] shard : shards) {
            assertTrue(shard.length > 0, "empty shard");
            for (int i = 0; i < shard.length; i++) {
                assertTrue(i == 0 || shard[i - 1] < shard[i], "ascending");
                seen[shard[i]]++;
            }
        }
        for (int r = 0; r < rows; r++) {
            assertEquals(1, seen[r], "row " + r);
        }
    }

    /** Mean over peers of the total variation distance between a peer's label histogram and the global one. */
    private static double meanDistance(Dataset data, int[][] shards) {
        int[] global = DatasetTest.classCounts(data);
        double sum = 0;
        for (int[] shard : shards) {
            int[] local = new int[data.classes()];
            for (int row : shard) {
                local[(int) data.y()[row]]++;
            }
            for (int c = 0; c < data.classes(); c++) {
                sum += Math.abs((double) local[c] / shard.length - (double) global[c] / data.rows()) / 2;
            }
        }
        return sum / shards.length;
    }
}
