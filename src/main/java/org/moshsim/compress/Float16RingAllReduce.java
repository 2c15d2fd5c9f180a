package org.moshsim.compress;

/**
 * The reference the low-bit all-reduce is compared with: a ring all-reduce of float16 tensors, as NCCL runs
 * it. The vectors are cut into N chunks; in reduce-scatter step s (0 .. N-2) peer i sends its partial sum of
 * chunk (i - s) mod N to peer i + 1, which adds its own values and rounds to float16 (one rounding per hop,
 * the sum itself exact in float64); so chunk c is summed in ring order c, c + 1, ..., c - 1. In the all-gather
 * the N - 1 next steps copy the reduced chunks around unchanged. 2 (N - 1) steps, each moving one chunk.
 */
public record Float16RingAllReduce() implements CompressedAllReduce {
    @Override
    public AllReduceOutcome reduce(float[][] peers) {
        int n = peers.length;
        int length = peers[0].length;
        Shards chunks = new Shards(length, n);
        float[] result = new float[length];
        for (int c = 0; c < n; c++) {
            for (int k = chunks.start(c); k < chunks.start(c) + chunks.size(c); k++) {
                float partial = Float16.round(peers[c][k]);
                for (int hop = 1; hop < n; hop++) {
                    partial = Float16.round((double) partial + Float16.round(peers[(c + hop) % n][k]));
                }
                result[k] = partial;
            }
        }
        long[] sent = new long[n];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < n - 1; s++) {
                sent[i] += 2L * chunks.size(Math.floorMod(i - s, n));
                sent[i] += 2L * chunks.size(Math.floorMod(i + 1 - s, n));
            }
        }
        return new AllReduceOutcome(result, sent, 2 * (n - 1));
    }
}
