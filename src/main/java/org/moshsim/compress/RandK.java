package org.moshsim.compress;

import java.util.Arrays;

/**
 * Rand-K: keeps k coordinates drawn uniformly without replacement from a seed shared by all peers, so at a
 * given round every peer keeps the same indices and only the k float32 values travel (indices follow from
 * (seed, round)); the sum of Rand-K vectors is Rand-K of the sum, hence all-reduce compatible.
 * With {@code unbiased} the kept values are scaled by D/k so that E[C(x)] = x (variance grows by D/k - 1);
 * without, C is the contractive, biased form with ||x - C(x)||^2 <= ||x||^2 and E = (1 - k/D) ||x||^2.
 */
public record RandK(int k, long seed, boolean unbiased) implements Sparsifier {
    public RandK {
        if (k < 1) {
            throw new IllegalArgumentException("k is " + k + "; it must be at least 1");
        }
    }

    @Override
    public int[] indices(float[] x, int round) {
        return indices(x.length, round);
    }

    /** The indices every peer keeps at this round for vectors of {@code length} values. */
    public int[] indices(int length, int round) {
        return SharedDraws.distinctIndices(seed, round, length, Math.min(k, length));
    }

    @Override
    public void compress(float[] x, float[] out, int round, int peer) {
        Arrays.fill(out, 0f);
        int[] indices = indices(x.length, round);
        double factor = unbiased ? (double) x.length / indices.length : 1.0;
        for (int j : indices) {
            out[j] = (float) (x[j] * factor);
        }
    }

    @Override
    public long bytes(int length) {
        return 4L * Math.min(k, length);
    }

    @Override
    public boolean allReduceCompatible() {
        return true;
    }
}
