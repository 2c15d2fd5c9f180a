package org.moshsim.compress;

import java.util.List;

/**
 * How the members of a gradient exchange compress what they send: how a group turns its members' contributions
 * (their gradients, n x D float32) into the one aggregate every member applies, and what that puts on the wire for
 * the modelled model of P float32 parameters. The arithmetic is the classes of this package; the network model
 * prices the {@link Transfer}s. Every aggregate is float32, summed in float64 in member order.
 */
public sealed interface Compression {
    /** Float32 vectors, averaged exactly. */
    Exact EXACT = new Exact();

    /**
     * Writes the group's aggregate of {@code contributions} (one row per member, in member order) into {@code aggregate}.
     * {@code memory} holds the members' error-feedback rows (null without feedback); the shared draws of Rand-K and of
     * ARC-Top-K's sketch come from (seed, round).
     */
    void aggregate(float[][] contributions, FeedbackRows memory, long seed, int round, float[] aggregate);

    /** What one exchange among {@code members} puts on the wire for a modelled vector of {@code parameters} values. */
    List<Transfer> transfers(double parameters, int members);

    /**
     * Bytes one member's compressed vector of {@code parameters} values takes when it is sent on its own (to a parameter
     * server); only compressors whose messages stand alone have one ({@link #standsAlone()}).
     */
    double message(double parameters);

    /** Whether a member's message means something without the others' (a server can aggregate it): not for collectives. */
    boolean standsAlone();

    /** The codec each member's vector goes through, or null: what lossy links carry packet by packet. */
    default Codec codec() {
        return null;
    }

    /** Bytes a codec's encoding of P values takes; beyond an int's reach, the ratio of 2^30 values (any block divides it). */
    static double bytes(Codec codec, double parameters) {
        long p = Math.max(1, Math.round(parameters));
        return p <= Integer.MAX_VALUE ? codec.bytes((int) p) : p * (codec.bytes(1 << 30) / 0x1p30);
    }

    /** Values a ratio of P keeps: round(ratio P), at least one. */
    static long kept(double ratio, double parameters) {
        return Math.max(1, Math.round(ratio * parameters));
    }

    /** One group's error-feedback state: each member's rows, views of the per-peer memory that outlives the group. */
    record FeedbackRows(float[][] first, float[][] second, boolean[] started) {
    }

    /** Error feedback around a sparsifier (see {@link ErrorFeedback}). */
    enum Feedback {
        NONE(0), EF14(1), EF21(1), EF21M(2);

        private final int rows;

        Feedback(int rows) {
            this.rows = rows;
        }

        /** Rows of state per peer: e_i (EF14), g_i (EF21), v_i and g_i (EF21M). */
        public int rows() {
            return rows;
        }
    }

    /** Float32 vectors; the exact mean. A ring or butterfly all-reduce of 4P bytes. */
    record Exact() implements Compression {
        @Override
        public void aggregate(float[][] contributions, FeedbackRows memory, long seed, int round, float[] aggregate) {
            PeerMean.of(contributions, aggregate);
        }

        @Override
        public List<Transfer> transfers(double parameters, int members) {
            return List.of(new Transfer.AllReduce(4 * parameters));
        }

        @Override
        public double message(double parameters) {
            return 4 * parameters;
        }

        @Override
        public boolean standsAlone() {
            return true;
        }
    }

    /**
     * Every member's vector through a codec (float16, blockwise int8, group-quantised int2-8), once, by its sender; the
     * aggregate is the mean of the decoded vectors. An all-reduce of the codec's bytes.
     */
    record Coded(Codec codec) implements Compression {
        @Override
        public void aggregate(float[][] contributions, FeedbackRows memory, long seed, int round, float[] aggregate) {
            float[][] decoded = new float[contributions.length][aggregate.length];
            for (int i = 0; i < contributions.length; i++) {
                codec.roundTrip(contributions[i], 0, aggregate.length, decoded[i], 0);
            }
            PeerMean.of(decoded, aggregate);
        }

        @Override
        public List<Transfer> transfers(double parameters, int members) {
            return List.of(new Transfer.AllReduce(Compression.bytes(codec, parameters)));
        }

        @Override
        public double message(double parameters) {
            return Compression.bytes(codec, parameters);
        }

        @Override
        public boolean standsAlone() {
            return true;
        }
    }

    /**
     * A sparsifier keeping {@code ratio} of the values, with error feedback: Top-K (each member's own k values and
     * indices, exchanged by a ring all-gather: n - 1 steps of 8k bytes, growing with n), Rand-K (indices from the
     * shared seed, so an all-reduce of 4k bytes; scaled by D / k to be unbiased when there is no feedback), ARC-Top-K
     * (the vector read as {@code rows} rows, 0: ceil(sqrt(D)); a shared rank-{@code rank} sketch picks the same rows
     * everywhere: an all-reduce of the sketch, ceil(sqrt(P)) x rank float32 for the modelled vector read as a square
     * matrix, then one of the 4k kept bytes). {@code eta} is EF21M's momentum weight.
     */
    record Sparsified(Kind kind, double ratio, int rows, int rank, Feedback feedback, double eta) implements Compression {
        /** The sparsifier. */
        public enum Kind { TOP_K, RAND_K, ARC_TOP_K }

        /** The sparsifier for vectors of {@code dim} values, its shared draws from {@code seed}. */
        public CollectiveCompressor compressor(int dim, long seed) {
            return switch (kind) {
                case TOP_K -> CollectiveCompressor.perPeer(topK(dim));
                case RAND_K -> CollectiveCompressor.perPeer(randK(dim, seed));
                case ARC_TOP_K -> arcTopK(dim, seed);
            };
        }

        /** Top-K of vectors of {@code dim} values. */
        public TopK topK(int dim) {
            return new TopK((int) Math.min(dim, kept(ratio, dim)));
        }

        /** Rand-K of vectors of {@code dim} values, its indices from {@code seed}; unbiased (scaled) without feedback. */
        public RandK randK(int dim, long seed) {
            return new RandK((int) Math.min(dim, kept(ratio, dim)), seed, feedback == Feedback.NONE);
        }

        /** ARC-Top-K of vectors of {@code dim} values, its sketch from {@code seed}. */
        public ArcTopK arcTopK(int dim, long seed) {
            int r = rows > 0 ? rows : (int) Math.ceil(Math.sqrt(dim));
            return new ArcTopK(r, rank, (int) Math.min(r, kept(ratio, r)), seed);
        }

        /** Error feedback over the members' rows of {@code memory}, around {@code compressor}. */
        public ErrorFeedback feedback(FeedbackRows memory, CollectiveCompressor compressor) {
            return switch (feedback) {
                case EF14 -> new EF14(memory.first(), compressor);
                case EF21 -> new EF21(memory.first(), compressor);
                case EF21M -> new EF21M(memory.first(), memory.second(), memory.started(), eta, compressor);
                case NONE -> throw new IllegalStateException("no error feedback to run");
            };
        }

        @Override
        public void aggregate(float[][] contributions, FeedbackRows memory, long seed, int round, float[] aggregate) {
            CollectiveCompressor compressor = compressor(aggregate.length, seed);
            if (feedback != Feedback.NONE) {
                feedback(memory, compressor).step(contributions, round, aggregate);
                return;
            }
            float[][] sent = new float[contributions.length][aggregate.length];
            compressor.compress(contributions, sent, round);
            PeerMean.of(sent, aggregate);
        }

        @Override
        public List<Transfer> transfers(double parameters, int members) {
            long k = kept(ratio, parameters);
            return switch (kind) {
                case TOP_K -> List.of(new Transfer.Steps(members - 1, 8.0 * k));
                case RAND_K -> List.of(new Transfer.AllReduce(4.0 * k));
                case ARC_TOP_K -> List.of(new Transfer.AllReduce(4.0 * Math.ceil(Math.sqrt(parameters)) * rank),
                        new Transfer.AllReduce(4.0 * k));
            };
        }

        @Override
        public double message(double parameters) {
            long k = kept(ratio, parameters);
            return kind == Kind.TOP_K ? 8.0 * k : 4.0 * k;
        }

        /** Top-K and Rand-K messages stand alone; ARC-Top-K's rows are chosen by the group's summed sketch. */
        @Override
        public boolean standsAlone() {
            return kind != Kind.ARC_TOP_K;
        }
    }

    /**
     * Flash Communication's two-step all-reduce ({@link TwoStepQuantizedAllReduce}): two all-to-alls of quantised
     * shards of P / n values. An all-to-all is n - 1 messages per member, sent one after another on its link (pairwise
     * exchange), so each is n - 1 steps, not one (the latency-bound regime pays 2(n - 1) latencies, as a ring does).
     */
    record TwoStep(GroupQuantizer quantizer) implements Compression {
        @Override
        public void aggregate(float[][] contributions, FeedbackRows memory, long seed, int round, float[] aggregate) {
            mean(new TwoStepQuantizedAllReduce(quantizer).reduce(contributions), contributions.length, aggregate);
        }

        @Override
        public List<Transfer> transfers(double parameters, int members) {
            double shard = Compression.bytes(quantizer, parameters / members);
            return List.of(new Transfer.Steps(members - 1, shard), new Transfer.Steps(members - 1, shard));
        }

        @Override
        public double message(double parameters) {
            throw new IllegalStateException("the two-step all-reduce has no message of its own");
        }

        @Override
        public boolean standsAlone() {
            return false;
        }
    }

    /** A float16 ring all-reduce ({@link Float16RingAllReduce}): 2(n - 1) steps of 2P / n bytes, whatever the group's algorithm. */
    record Float16Ring() implements Compression {
        @Override
        public void aggregate(float[][] contributions, FeedbackRows memory, long seed, int round, float[] aggregate) {
            mean(new Float16RingAllReduce().reduce(contributions), contributions.length, aggregate);
        }

        @Override
        public List<Transfer> transfers(double parameters, int members) {
            return List.of(new Transfer.Steps(2 * (members - 1), 2 * parameters / members));
        }

        @Override
        public double message(double parameters) {
            throw new IllegalStateException("the float16 ring has no message of its own");
        }

        @Override
        public boolean standsAlone() {
            return false;
        }
    }

    /** The mean of a compressed all-reduce's sum, in float32, as every member computes it. */
    private static void mean(AllReduceOutcome outcome, int members, float[] aggregate) {
        for (int j = 0; j < aggregate.length; j++) {
            aggregate[j] = outcome.sum()[j] / members;
        }
    }
}
