package org.moshsim.compress;

import java.util.Arrays;

/**
 * ARC-Top-K, the all-reduce-compatible Top-K (Chen et al., arXiv 2510.26709): each peer's vector of length D
 * is read as a matrix G_i of R rows and C = ceil(D / R) columns (zero-padded). Every peer draws the same
 * Gaussian sketch V (C x r) from the shared seed, the peers all-reduce G_i V into S = sum_i G_i V (R x r),
 * score row j by ||S_j||^2 and keep the same K top-scoring rows, which they all-reduce: index-free, because
 * the selection is identical everywhere by construction. Since E||m_j V||^2 = r ||m_j||^2, the scores
 * estimate the row energies of the mean gradient m, so the kept rows approximate its Top-K rows. The sketch
 * is summed here in float64 once and handed to every peer, as an all-reduce would; bytes assume float32.
 */
public record ArcTopK(int rows, int rank, int keep, long seed) implements CollectiveCompressor {
    public ArcTopK {
        if (rows < 1 || rank < 1) {
            throw new IllegalArgumentException("rows " + rows + " and sketch rank " + rank + " must both be at least 1");
        }
        if (keep < 1 || keep > rows) {
            throw new IllegalArgumentException("kept rows is " + keep + "; it must be from 1 to the row count " + rows);
        }
    }

    /** What the collective yields: the kept rows (increasing), the mean of the peers on them, and the cost. */
    public record Result(int[] rows, float[] mean, long bytesPerPeer) {
    }

    /** Columns of the matrix a vector of {@code length} values is read as: ceil(length / R). */
    public int columns(int length) {
        return (length + rows - 1) / rows;
    }

    /**
     * The payload each peer all-reduces: the sketch (R r float32) and then the kept rows (K C float32). Both
     * are all-reduce payloads, so the network model prices them as two all-reduces of these sizes.
     */
    public long bytesPerPeer(int length) {
        return 4L * ((long) rows * rank + (long) keep * columns(length));
    }

    /** The shared Gaussian sketch V, C x r row-major, a function of (seed, round) only. */
    public double[] sketchMatrix(int length, int round) {
        return SharedDraws.normals(seed, round, columns(length) * rank);
    }

    /** One peer's contribution G_i V (R x r, row-major), with V regenerated from the shared seed. */
    public double[] sketch(float[] g, int round) {
        int columns = columns(g.length);
        double[] v = sketchMatrix(g.length, round);
        double[] s = new double[rows * rank];
        for (int j = 0; j < rows; j++) {
            for (int c = 0; c < columns && j * columns + c < g.length; c++) {
                double value = g[j * columns + c];
                for (int q = 0; q < rank; q++) {
                    s[j * rank + q] += value * v[c * rank + q];
                }
            }
        }
        return s;
    }

    /** The K rows with the largest ||S_j||^2 in the all-reduced sketch S (ties to the lower row), increasing. */
    public int[] select(double[] summedSketch) {
        Integer[] order = new Integer[rows];
        double[] score = new double[rows];
        for (int j = 0; j < rows; j++) {
            order[j] = j;
            for (int q = 0; q < rank; q++) {
                score[j] += summedSketch[j * rank + q] * summedSketch[j * rank + q];
            }
        }
        Arrays.sort(order, (a, b) -> score[a] != score[b] ? Double.compare(score[b], score[a]) : Integer.compare(a, b));
        int[] kept = new int[keep];
        for (int i = 0; i < keep; i++) {
            kept[i] = order[i];
        }
        Arrays.sort(kept);
        return kept;
    }

    /** The rows every peer keeps this round: the sketch all-reduce (summed in peer order), then the selection. */
    public int[] selectRows(float[][] peers, int round) {
        double[] sum = new double[rows * rank];
        for (float[] g : peers) {
            double[] s = sketch(g, round);
            for (int k = 0; k < sum.length; k++) {
                sum[k] += s[k];
            }
        }
        return select(sum);
    }

    /** The whole collective: select rows, then average the peers on them (float64, peer order); zeros elsewhere. */
    public Result reduce(float[][] peers, int round) {
        int length = peers[0].length;
        int columns = columns(length);
        int[] kept = selectRows(peers, round);
        float[] mean = new float[length];
        for (int j : kept) {
            for (int d = j * columns; d < Math.min(length, (j + 1) * columns); d++) {
                double sum = 0;
                for (float[] g : peers) {
                    sum += g[d];
                }
                mean[d] = (float) (sum / peers.length);
            }
        }
        return new Result(kept, mean, bytesPerPeer(length));
    }

    /** Each peer's vector restricted to the shared rows (what EF21M sends): the mean of the outputs is the result. */
    @Override
    public void compress(float[][] xs, float[][] outs, int round) {
        int length = xs[0].length;
        int columns = columns(length);
        int[] kept = selectRows(xs, round);
        for (int i = 0; i < xs.length; i++) {
            Arrays.fill(outs[i], 0f);
            for (int j : kept) {
                int from = Math.min(length, j * columns);
                int to = Math.min(length, (j + 1) * columns);
                System.arraycopy(xs[i], from, outs[i], from, to - from);
            }
        }
    }
}
