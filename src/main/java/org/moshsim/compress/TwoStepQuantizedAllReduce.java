package org.moshsim.compress;

/**
 * Flash Communication's two-step low-bit all-reduce (arXiv 2412.04964): (a) reduce-scatter as one
 * all-to-all: each peer cuts its vector into N shards, quantises shard j with the group quantiser and sends it
 * to peer j; (b) peer j dequantises what it received, sums in float64, quantises the sum and sends it to all
 * (all-gather as one all-to-all). Two sequential steps whatever N. A peer's own shard in (a) never leaves it,
 * so it is added exactly; in (b) every peer, the owner included, uses the dequantised sum, so all agree.
 * Bytes per peer: sum over j != i of bytes(shard j) in (a) plus (N - 1) bytes(shard i) in (b).
 */
public record TwoStepQuantizedAllReduce(GroupQuantizer codec) implements CompressedAllReduce {
    @Override
    public AllReduceOutcome reduce(float[][] peers) {
        int n = peers.length;
        int length = peers[0].length;
        Shards shards = new Shards(length, n);
        float[] result = new float[length];
        long[] sent = new long[n];
        float[] received = new float[length];
        for (int j = 0; j < n; j++) {
            int start = shards.start(j);
            int size = shards.size(j);
            double[] sum = new double[size];
            for (int i = 0; i < n; i++) {
                float[] shard = peers[i];
                int from = start;
                if (i != j) {
                    codec.roundTrip(peers[i], start, size, received, 0);
                    shard = received;
                    from = 0;
                    sent[i] += codec.bytes(size);
                }
                for (int k = 0; k < size; k++) {
                    sum[k] += shard[from + k];
                }
            }
            float[] reduced = new float[size];
            for (int k = 0; k < size; k++) {
                reduced[k] = (float) sum[k];
            }
            codec.roundTrip(reduced, 0, size, result, start);
            sent[j] += (n - 1L) * codec.bytes(size);
        }
        return new AllReduceOutcome(result, sent, n > 1 ? 2 : 0);
    }
}
