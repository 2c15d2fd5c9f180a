package org.moshsim.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.moshsim.compress.CollectiveCompressor;
import org.moshsim.compress.TopK;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;

/**
 * What of CudaSparsification runs without a GPU: its host-side packing and row mask, and its Top-K algorithm
 * transcribed into Java (not the kernel: the device's own results are CudaSparsificationTest's, on a GPU).
 */
class CudaSparsificationHostTest {
    @Test
    void packAndUnpackAreInverse() {
        float[][] rows = CudaSparsificationTest.peerValues(5, 13, 3, true);
        float[] matrix = CudaSparsification.pack(rows);
        for (int i = 0; i < 5; i++) {
            for (int d = 0; d < 13; d++) {
                assertArrayEquals(new float[] {rows[i][d]}, new float[] {matrix[i * 13 + d]});
            }
        }
        float[][] back = new float[5][13];
        CudaSparsification.unpack(matrix, back);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(rows[i], back[i]);
        }
        assertThrows(IllegalArgumentException.class, () -> CudaSparsification.pack(new float[][] {new float[3], new float[2]}));
    }

    @Test
    void rowMaskMarksExactlyTheKeptRows() {
        assertArrayEquals(new int[] {1, 0, 0, 1, 1, 0}, CudaSparsification.rowMask(new int[] {0, 3, 4}, 6));
        assertArrayEquals(new int[] {0, 0, 0}, CudaSparsification.rowMask(new int[0], 3));
    }

    /**
     * top_k_rows' steps in Java: four 8-bit radix passes to the k-th largest key T of |x|'s bits, then, in chunks of
     * the block's 256 threads with warp ballots, every key above T and the lowest-index (k - #above) equal to T.
     */
    static void topKRowsTranscribed(float[] x, float[] y, int k) {
        int dim = x.length;
        int threshold = 0;
        int remaining = Math.min(k, dim);
        for (int shift = 24; shift >= 0; shift -= 8) {
            int[] histogram = new int[256];
            int high = shift == 24 ? 0 : 0xffffffff << (shift + 8);
            for (int j = 0; j < dim; j++) {
                int key = Float.floatToRawIntBits(x[j]) & 0x7fffffff;
                if ((key & high) == threshold) {
                    histogram[(key >>> shift) & 0xff]++;
                }
            }
            int above = 0;
            int digit = 255;
            while (above + histogram[digit] < remaining) {
                above += histogram[digit];
                digit--;
            }
            remaining -= above;
            threshold |= digit << shift;
        }
        int equalsBefore = 0;
        for (int base = 0; base < dim; base += 256) {
            int[] ballots = new int[8];
            for (int t = 0; t < 256; t++) {
                int j = base + t;
                if (j < dim && (Float.floatToRawIntBits(x[j]) & 0x7fffffff) == threshold) {
                    ballots[t >> 5] |= 1 << (t & 31);
                }
            }
            for (int t = 0; t < 256 && base + t < dim; t++) {
                int j = base + t;
                int key = Float.floatToRawIntBits(x[j]) & 0x7fffffff;
                int rank = equalsBefore + Integer.bitCount(ballots[t >> 5] & ((1 << (t & 31)) - 1));
                for (int w = 0; w < t >> 5; w++) {
                    rank += Integer.bitCount(ballots[w]);
                }
                // Keys are below 2^31, so int comparison orders them as the kernel's unsigned one does.
                y[j] = key > threshold || (key == threshold && rank < remaining) ? x[j] : 0f;
            }
            for (int ballot : ballots) {
                equalsBefore += Integer.bitCount(ballot);
            }
        }
    }

    @Test
    void theRadixSelectKeepsWhatTopKKeeps() {
        UniformRandomProvider rng = RandomStreams.stream(9, Purpose.COMPRESSION, 0, 0);
        for (int trial = 0; trial < 400; trial++) {
            int dim = 1 + rng.nextInt(trial % 10 == 0 ? 3000 : 300);
            int k = 1 + rng.nextInt(dim + 5);
            float[][] x = CudaSparsificationTest.peerValues(1, dim, trial, trial % 2 == 0);
            if (trial % 7 == 0) {
                java.util.Arrays.fill(x[0], trial % 3 == 0 ? -0f : 1.5f); // a row of one magnitude: all ties
            }
            float[][] expected = new float[1][dim];
            CollectiveCompressor.perPeer(new TopK(k)).compress(x, expected, trial);
            float[] actual = new float[dim];
            topKRowsTranscribed(x[0], actual, k);
            assertArrayEquals(expected[0], actual, "dim " + dim + ", k " + k + ", trial " + trial);
        }
    }
}
