package org.moshsim.compress;

import java.util.Arrays;

/**
 * Top-K: each peer keeps its k coordinates of largest magnitude (ties to the lower index) and sends them as
 * float32 values with int32 indices. Contractive: ||x - C(x)||^2 <= (1 - k/D) ||x||^2 (Stich, Cordonnier
 * and Jaggi 2018, "Sparsified SGD with memory"). The supports differ between peers, so averaging needs an all-gather: each peer receives
 * (N - 1) messages, a cost that grows with N (see {@link #gatheredBytes}).
 */
public record TopK(int k) implements Sparsifier {
    public TopK {
        if (k < 1) {
            throw new IllegalArgumentException("k is " + k + "; it must be at least 1");
        }
    }

    @Override
    public int[] indices(float[] x, int round) {
        int length = x.length;
        int kept = Math.min(k, length);
        // Sort keys (|x| bits, complement of the index): the last k are the largest, lower index first on ties.
        long[] keys = new long[length];
        for (int j = 0; j < length; j++) {
            long magnitude = Float.floatToRawIntBits(x[j]) & 0x7fff_ffffL;
            keys[j] = magnitude << 32 | (0xffff_ffffL - j);
        }
        Arrays.sort(keys);
        int[] indices = new int[kept];
        for (int i = 0; i < kept; i++) {
            indices[i] = (int) (0xffff_ffffL - (keys[length - 1 - i] & 0xffff_ffffL));
        }
        Arrays.sort(indices);
        return indices;
    }

    @Override
    public void compress(float[] x, float[] out, int round, int peer) {
        Arrays.fill(out, 0f);
        for (int j : indices(x, round)) {
            out[j] = x[j];
        }
    }

    @Override
    public long bytes(int length) {
        return 8L * Math.min(k, length);
    }

    /** Bytes each peer receives when N peers all-gather their Top-K messages: (N - 1) messages. */
    public long gatheredBytes(int length, int peers) {
        return (peers - 1L) * bytes(length);
    }

    @Override
    public boolean allReduceCompatible() {
        return false;
    }
}
