package org.moshsim.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.moshsim.random.RandomStreams;

class ArcTopKTest {
    /** N peers' gradients whose rows have energies spread over three decades, around a shared direction. */
    private static float[][] gradients(int peers, int length, int rows, int seed) {
        float[] common = new float[length];
        RandomStreams.normalRow(seed, 0, 0, 1, common, 0, length);
        int columns = (length + rows - 1) / rows;
        float[][] g = new float[peers][length];
        for (int i = 0; i < peers; i++) {
            RandomStreams.normalRow(seed, 1 + i, 0, 0.5, g[i], 0, length);
            for (int d = 0; d < length; d++) {
                double rowScale = Math.pow(10, 1.5 * Math.sin(7.3 * (d / columns) + seed));
                g[i][d] = (float) ((common[d] + g[i][d]) * rowScale);
            }
        }
        return g;
    }

    private static double[] mean(float[][] g) {
        double[] m = new double[g[0].length];
        for (float[] row : g) {
            for (int d = 0; d < m.length; d++) {
                m[d] += row[d] / (double) g.length;
            }
        }
        return m;
    }

    /** Each peer regenerates V, computes its own G_i V; the all-reduce hands all the same S; each selects alone. */
    @Test
    void everyPeerSelectsTheSameRows() {
        int peers = 8;
        int length = 1000;
        float[][] g = gradients(peers, length, 50, 1);
        for (int round = 0; round < 5; round++) {
            double[][] sketches = new double[peers][];
            for (int i = 0; i < peers; i++) {
                sketches[i] = new ArcTopK(50, 4, 10, 77).sketch(g[i], round); // a fresh instance per peer
            }
            double[] allReduced = new double[50 * 4];
            for (double[] s : sketches) {
                for (int k = 0; k < allReduced.length; k++) {
                    allReduced[k] += s[k];
                }
            }
            int[] expected = new ArcTopK(50, 4, 10, 77).reduce(g, round).rows();
            assertEquals(10, expected.length);
            for (int i = 0; i < peers; i++) {
                assertArrayEquals(expected, new ArcTopK(50, 4, 10, 77).select(allReduced.clone()), "peer " + i);
            }
            assertFalse(Arrays.equals(new ArcTopK(50, 4, 10, 77).sketchMatrix(length, round),
                new ArcTopK(50, 4, 10, 77).sketchMatrix(length, round + 1)), "a new sketch each round");
        }
    }

    /**
     * Contraction, proved per instance: if every row's score s_j = ||m_j V||^2 / r lies within (1 +- eps) of
     * ||m_j||^2, the kept rows A maximise the score sum, so their energy is at least (1 - eps) / (1 + eps) times
     * that of the true Top-K rows T, which is at least K/R of the total. Hence
     * ||m - C(m)||^2 <= (1 - delta) ||m||^2 with delta = (1 - eps) / (1 + eps) * E_T / ||m||^2 >= that * K/R.
     */
    @Test
    void keptRowsContractTheMeanByTheSketchBound() {
        int rows = 40;
        int rank = 64;
        int keep = 8;
        int length = 37 * rows - 5; // padded last row
        for (int seed = 0; seed < 10; seed++) {
            float[][] g = gradients(6, length, rows, seed);
            ArcTopK arc = new ArcTopK(rows, rank, keep, 1000 + seed);
            ArcTopK.Result result = arc.reduce(g, seed);
            double[] m = mean(g);
            int columns = arc.columns(length);
            double[] v = arc.sketchMatrix(length, seed);
            double[] energy = new double[rows];
            double eps = 0;
            double total = 0;
            for (int j = 0; j < rows; j++) {
                double score = 0;
                for (int q = 0; q < rank; q++) {
                    double s = 0;
                    for (int c = 0; c < columns && j * columns + c < length; c++) {
                        s += m[j * columns + c] * v[c * rank + q];
                    }
                    score += s * s / rank;
                }
                for (int c = 0; c < columns && j * columns + c < length; c++) {
                    energy[j] += m[j * columns + c] * m[j * columns + c];
                }
                eps = Math.max(eps, Math.abs(score / energy[j] - 1));
                total += energy[j];
            }
            assertTrue(eps < 1, "sketch rank " + rank + " should preserve row energies within a factor 2; eps = " + eps);
            double topEnergy = Arrays.stream(energy).sorted().skip(rows - keep).sum();
            double delta = (1 - eps) / (1 + eps) * topEnergy / total;
            double residual = 0;
            for (int d = 0; d < length; d++) {
                residual += (m[d] - result.mean()[d]) * (m[d] - result.mean()[d]);
            }
            assertTrue(residual <= (1 - delta) * total * (1 + 1e-6), "seed " + seed + ": residual " + residual / total
                + " of the energy, bound 1 - delta = " + (1 - delta));
            assertTrue(delta >= (1 - eps) / (1 + eps) * keep / rows);
        }
    }

    /**
     * Empirical, not a theorem: on these gradients a rank-4 sketch keeps about 0.89 of what the exact Top-K rows
     * of the mean keep (0.62 vs 0.69 of the energy, against K/R = 0.125 for random rows).
     */
    @Test
    void aSmallSketchFindsMostOfTheTopRowsEnergy() {
        int rows = 64;
        int keep = 8;
        int length = 64 * 32;
        double keptShare = 0;
        double topShare = 0;
        for (int round = 0; round < 50; round++) {
            float[][] g = gradients(4, length, rows, round);
            double[] m = mean(g);
            ArcTopK.Result result = new ArcTopK(rows, 4, keep, 5).reduce(g, round);
            double[] energy = new double[rows];
            double total = 0;
            double kept = 0;
            for (int d = 0; d < length; d++) {
                energy[d / 32] += m[d] * m[d];
                total += m[d] * m[d];
                kept += result.mean()[d] * (double) result.mean()[d];
            }
            keptShare += kept / total / 50;
            topShare += Arrays.stream(energy).sorted().skip(rows - keep).sum() / total / 50;
        }
        System.out.printf("ARC-Top-K r=4 keeps %.4f of the energy; exact Top-K rows %.4f; random rows %.4f%n",
            keptShare, topShare, (double) keep / rows);
        assertTrue(keptShare > 0.8 * topShare, keptShare + " vs " + topShare);
        assertTrue(keptShare > 2.0 * keep / rows);
    }

    @Test
    void keepingEveryRowGivesTheExactMean() {
        float[][] g = gradients(5, 303, 10, 3);
        ArcTopK.Result result = new ArcTopK(10, 2, 10, 9).reduce(g, 0);
        double[] m = mean(g);
        for (int d = 0; d < m.length; d++) {
            double sum = 0;
            for (float[] row : g) {
                sum += row[d];
            }
            assertEquals((float) (sum / g.length), result.mean()[d], 0.0, "value " + d);
        }
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, result.rows());
    }

    @Test
    void compressedPeersAverageToTheResultAndBytesAreTwoAllReduces() {
        float[][] g = gradients(4, 1001, 50, 4);
        ArcTopK arc = new ArcTopK(50, 4, 5, 13);
        ArcTopK.Result result = arc.reduce(g, 2);
        float[][] outs = new float[4][1001];
        arc.compress(g, outs, 2);
        for (int d = 0; d < 1001; d++) {
            double sum = 0;
            for (float[] out : outs) {
                sum += out[d];
            }
            assertEquals(result.mean()[d], (float) (sum / 4), 0.0);
        }
        // C = ceil(1001 / 50) = 21: sketch 50 x 4 floats, then 5 rows of 21 floats.
        assertEquals(4 * (50 * 4 + 5 * 21), result.bytesPerPeer());
    }
}
