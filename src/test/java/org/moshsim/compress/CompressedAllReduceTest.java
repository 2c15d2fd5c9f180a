package org.moshsim.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;

class CompressedAllReduceTest {
    private static float[][] gaussian(int peers, int length, int seed) {
        float[][] x = new float[peers][length];
        for (int i = 0; i < peers; i++) {
            RandomStreams.normalRow(seed, i, 0, 1, x[i], 0, length);
        }
        return x;
    }

    private static double[] exactSum(float[][] x) {
        double[] sum = new double[x[0].length];
        for (float[] row : x) {
            for (int d = 0; d < sum.length; d++) {
                sum[d] += row[d];
            }
        }
        return sum;
    }

    private static double relativeError(float[] result, double[] exact) {
        double error = 0;
        double norm = 0;
        for (int d = 0; d < exact.length; d++) {
            error += (result[d] - exact[d]) * (result[d] - exact[d]);
            norm += exact[d] * exact[d];
        }
        return Math.sqrt(error / norm);
    }

    @Test
    void twoStepErrorFallsWithTheBitWidth() {
        float[][] x = gaussian(8, 8192, 30);
        double[] exact = exactSum(x);
        double previous = Double.POSITIVE_INFINITY;
        StringBuilder measured = new StringBuilder("two-step all-reduce, N=8, D=8192, groups of 128, relative error:");
        for (int bits : new int[] {2, 4, 6, 8}) {
            double error = relativeError(new TwoStepQuantizedAllReduce(new GroupQuantizer(bits, 128)).reduce(x).sum(), exact);
            measured.append(String.format(" int%d %.2e", bits, error));
            assertTrue(error < previous / 2, "int" + bits + ": " + error + " vs " + previous);
            previous = error;
        }
        double ring = relativeError(new Float16RingAllReduce().reduce(x).sum(), exact);
        System.out.println(measured + String.format("; float16 ring %.2e", ring));
    }

    @Test
    void twoStepBytesAndStepsFollowTheFormula() {
        GroupQuantizer int4 = new GroupQuantizer(4, 128);
        AllReduceOutcome outcome = new TwoStepQuantizedAllReduce(int4).reduce(gaussian(8, 4096, 31));
        // Shards of 512: 4 groups x 8 bytes + 512 x 4 bits = 288 bytes; 7 shards out, then 7 copies of one's own.
        assertEquals(288, int4.bytes(512));
        for (long bytes : outcome.bytesSent()) {
            assertEquals(2 * 7 * 288, bytes);
        }
        assertEquals(2, outcome.steps());
        // Uneven shards: 1001 values over 6 peers are shards of 167, 167, 167, 167, 167 and 166.
        AllReduceOutcome uneven = new TwoStepQuantizedAllReduce(int4).reduce(gaussian(6, 1001, 32));
        long total = 0;
        for (long bytes : uneven.bytesSent()) {
            total += bytes;
        }
        assertEquals(2 * 5 * (5 * int4.bytes(167) + int4.bytes(166)), total);
        // A peer with a 167-value shard sends the 4 other 167s and the 166 in (a), then 5 copies of its own in (b).
        assertEquals(9 * int4.bytes(167) + int4.bytes(166), uneven.maxBytesSent());
    }

    @Test
    void twoStepOnOnePeerIsOneRoundTrip() {
        float[][] x = gaussian(1, 300, 33);
        GroupQuantizer int8 = new GroupQuantizer(8, 64);
        float[] expected = new float[300];
        int8.roundTrip(x[0], 0, 300, expected, 0);
        AllReduceOutcome outcome = new TwoStepQuantizedAllReduce(int8).reduce(x);
        assertArrayEquals(expected, outcome.sum());
        assertEquals(0, outcome.steps());
        assertEquals(0, outcome.maxBytesSent());
    }

    @Test
    void float16RingSumsSmallIntegersExactly() {
        UniformRandomProvider rng = RandomStreams.stream(34, Purpose.COMPRESSION, 0, 0);
        float[][] x = new float[7][100];
        for (float[] row : x) {
            for (int d = 0; d < row.length; d++) {
                row[d] = rng.nextInt(101) - 50;
            }
        }
        double[] exact = exactSum(x);
        float[] sum = new Float16RingAllReduce().reduce(x).sum();
        for (int d = 0; d < exact.length; d++) {
            assertEquals(exact[d], sum[d], 0.0, "value " + d);
        }
    }

    @Test
    void float16RingErrIsAboutFloat16Precision() {
        float[][] x = gaussian(8, 8192, 35);
        double error = relativeError(new Float16RingAllReduce().reduce(x).sum(), exactSum(x));
        assertTrue(error < 1e-3 && error > 1e-5, "relative error " + error);
    }

    /**
     * Each hop rounds its partial sum: chunk 0 is summed 2048 + 1 -> 2048 (tie to even) + 1 -> 2048, while
     * chunk 1, summed in ring order from peer 1, gets 1 + 1 + 2048 = 2050 exactly.
     */
    @Test
    void float16RingRoundsAtEveryHopInRingOrder() {
        AllReduceOutcome outcome = new Float16RingAllReduce().reduce(new float[][] {
            {2048, 2048, 0}, {1, 1, 0}, {1, 1, 0}});
        assertArrayEquals(new float[] {2048, 2050, 0}, outcome.sum());
    }

    @Test
    void float16RingBytesAndSteps() {
        AllReduceOutcome outcome = new Float16RingAllReduce().reduce(gaussian(8, 4096, 36));
        for (long bytes : outcome.bytesSent()) {
            assertEquals(2 * 7 * 512 * 2, bytes);
        }
        assertEquals(14, outcome.steps());
    }
}
