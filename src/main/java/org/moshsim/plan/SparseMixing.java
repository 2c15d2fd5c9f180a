package org.moshsim.plan;

import java.util.Arrays;

/**
 * A sparse mixing matrix for gossip and push-sum: peer {@code rows[r]} gets
 * {@code sum_k weights[k] * row(sources[k])} for k in {@code offsets[r] .. offsets[r + 1] - 1}, every sum read
 * from the rows as they were before the plan. Peers not listed keep their rows. Rows are distinct.
 */
public record SparseMixing(int[] rows, int[] offsets, int[] sources, double[] weights) implements Plan {
    public SparseMixing {
        if (offsets.length != rows.length + 1 || offsets[0] != 0 || offsets[rows.length] != sources.length
                || sources.length != weights.length) {
            throw new IllegalArgumentException("rows, offsets, sources and weights do not form a CSR matrix");
        }
    }

    /** Collects the matrix row by row. */
    public static final class Builder {
        private int[] rows;
        private int[] offsets;
        private int[] sources;
        private double[] weights;
        private int rowCount;
        private int size;

        public Builder(int expectedRows, int expectedEntries) {
            rows = new int[Math.max(expectedRows, 1)];
            offsets = new int[rows.length + 1];
            sources = new int[Math.max(expectedEntries, 1)];
            weights = new double[sources.length];
        }

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

        public SparseMixing build() {
            int entries = offsets[rowCount];
            return new SparseMixing(Arrays.copyOf(rows, rowCount), Arrays.copyOf(offsets, rowCount + 1),
                    Arrays.copyOf(sources, entries), Arrays.copyOf(weights, entries));
        }
    }
}
