package org.moshsim.plan;

import java.util.Arrays;
import org.moshsim.compress.Codec;
import org.moshsim.lossy.LossyAggregation;
import org.moshsim.lossy.LossyRound;

/**
 * A sparse mixing matrix for gossip and push-sum: peer {@code rows[r]} gets
 * {@code sum_k weights[k] * row(sources[k])} for k in {@code offsets[r] .. offsets[r + 1] - 1}, every sum read
 * from the rows as they were before the plan. Peers not listed keep their rows. Rows are distinct.
 *
 * <p>With a codec (null: exact), every source other than the row's own peer is read as the codec's round trip of
 * its row (what it sends); a peer's own row enters its new value exactly, as a real gossip or push-sum peer keeps
 * its own vector uncompressed. The coefficients and the push-sum weights are exact float64.
 *
 * <p>With packet loss (null: none), every source other than the row's own peer crosses link (source -> peer, round)
 * in packets of the proxy row; the own row is local and always arrives. Per packet:
 * {@link LossyAggregation.ZeroFill} adds nothing for a lost packet (the row's mass shrinks);
 * {@link LossyAggregation.ReceivedOnly} rescales the arrived terms by (sum_k c_k w_k) / (sum_arrived c_k w_k), with c
 * the coefficients and w the push-sum weights before the plan, so that the de-biased estimate is the convex
 * combination of the arrived sources' estimates with the exact plan's relative weights (for gossip, w = 1: the
 * coefficients renormalised over what arrived); a packet from which nothing arrived keeps the row's old values;
 * {@link LossyAggregation.Retransmission} gives the exact plan's values. The push-sum weights are always mixed
 * exactly: a weight is one scalar per row, and keeping it exact keeps the weights' mass (their sum) conserved, so
 * push-sum still converges to agreement; what received-only loses is the values' mass conservation, which makes the
 * consensus wander from the true mean (the error floor), while zero-fill loses mass toward 0.
 */
public record SparseMixing(int[] rows, int[] offsets, int[] sources, double[] weights, Codec codec, LossyRound loss)
        implements Plan {
    /** Checks the CSR arrays: one offset per row and one more, sources and weights of equal length. */
    public SparseMixing {
        if (offsets.length != rows.length + 1 || offsets[0] != 0 || offsets[rows.length] != sources.length
                || sources.length != weights.length) {
            throw new IllegalArgumentException("rows, offsets, sources and weights do not form a CSR matrix");
        }
    }

    /** A mixing matrix over lossless links. */
    public SparseMixing(int[] rows, int[] offsets, int[] sources, double[] weights, Codec codec) {
        this(rows, offsets, sources, weights, codec, null);
    }

    /** An exact mixing matrix (no codec). */
    public SparseMixing(int[] rows, int[] offsets, int[] sources, double[] weights) {
        this(rows, offsets, sources, weights, null, null);
    }

    /** The same matrix, its senders sending through {@code codec} (null: exactly). */
    public SparseMixing withCodec(Codec codec) {
        return new SparseMixing(rows, offsets, sources, weights, codec, loss);
    }

    /** The same matrix over these lossy links (null: lossless). */
    public SparseMixing withLoss(LossyRound loss) {
        return new SparseMixing(rows, offsets, sources, weights, codec, loss);
    }

    /** Collects the matrix row by row. */
    public static final class Builder {
        private int[] rows;
        private int[] offsets;
        private int[] sources;
        private double[] weights;
        private int rowCount;
        private int size;

        /** A builder with room for about this many rows and entries (it grows as needed). */
        public Builder(int expectedRows, int expectedEntries) {
            rows = new int[Math.max(expectedRows, 1)];
            offsets = new int[rows.length + 1];
            sources = new int[Math.max(expectedEntries, 1)];
            weights = new double[sources.length];
        }

        /** Adds {@code weight} times the row of {@code source} to the row being built. */
        public Builder add(int source, double weight) {
            if (size == sources.length) {
                sources = Arrays.copyOf(sources, 2 * size);
                weights = Arrays.copyOf(weights, 2 * size);
            }
            sources[size] = source;
            weights[size++] = weight;
            return this;
        }

        /** Closes the row of {@code peer}, made of the entries added since the last row. */
        public Builder row(int peer) {
            if (rowCount == rows.length) {
                rows = Arrays.copyOf(rows, 2 * rowCount);
                offsets = Arrays.copyOf(offsets, 2 * rowCount + 1);
            }
            rows[rowCount++] = peer;
            offsets[rowCount] = size;
            return this;
        }

        /** The plan of the rows closed so far. */
        public SparseMixing build() {
            int entries = offsets[rowCount];
            return new SparseMixing(Arrays.copyOf(rows, rowCount), Arrays.copyOf(offsets, rowCount + 1),
                    Arrays.copyOf(sources, entries), Arrays.copyOf(weights, entries));
        }
    }
}
