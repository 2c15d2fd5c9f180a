package org.moshsim.backend.cpu;

import org.moshsim.plan.SparseMixing;

/**
 * The CPU arithmetic of sparse mixing (gossip, push-sum; see {@link SparseMixing}): every row's new values are
 * computed into a scratch row from the rows as they were before the plan, then written back with the rows' new
 * push-sum weights. Pieces of rows and column blocks are cut by the data's shape only, so results never depend on
 * the threads.
 */
final class Mixing {
    private Mixing() {
    }

    /** Each mixing row's weighted sum of the rows before the plan ({@code read} for the senders) into scratch row r. */
    static void weightedSums(SparseMixing plan, Rows values, Rows read, Rows scratch, LossyPlans.Tasks tasks) {
        int[] rows = plan.rows();
        int[] offsets = plan.offsets();
        int[] sources = plan.sources();
        double[] mixWeights = plan.weights();
        int columnBlocks = (values.dim + Pieces.COLUMN_BLOCK - 1) / Pieces.COLUMN_BLOCK;
        int[] batches = Pieces.batches(offsets, Math.min(values.dim, Pieces.COLUMN_BLOCK));
        int batchCount = batches.length - 1;
        tasks.run(batchCount * columnBlocks, task -> {
            int from = (task % columnBlocks) * Pieces.COLUMN_BLOCK;
            int length = Math.min(Pieces.COLUMN_BLOCK, values.dim - from);
            double[] sum = Pieces.SUMS.get();
            for (int r = batches[task / columnBlocks]; r < batches[task / columnBlocks + 1]; r++) {
                RowSums.weightedSum(values, read, read == values ? -1 : rows[r], sources, mixWeights, offsets[r],
                        offsets[r + 1], from, length, sum);
                float[] out = scratch.block(r);
                int offset = scratch.offset(r) + from;
                for (int j = 0; j < length; j++) {
                    out[offset + j] = (float) sum[j];
                }
            }
        });
    }

    /** Writes scratch row r back as row {@code rows[r]}, with its mixed push-sum weight (exact float64). */
    static void commit(SparseMixing plan, Rows values, double[] weights, Rows scratch, double[] scratchWeights,
                       LossyPlans.Tasks tasks) {
        int[] rows = plan.rows();
        int[] offsets = plan.offsets();
        int[] sources = plan.sources();
        double[] mixWeights = plan.weights();
        for (int r = 0; r < rows.length; r++) {
            double sum = 0;
            for (int k = offsets[r]; k < offsets[r + 1]; k++) {
                sum += mixWeights[k] * weights[sources[k]];
            }
            scratchWeights[r] = sum;
        }
        int dim = values.dim;
        tasks.run(rows.length, r -> {
            System.arraycopy(scratch.block(r), scratch.offset(r), values.block(rows[r]), values.offset(rows[r]), dim);
        });
        for (int r = 0; r < rows.length; r++) {
            weights[rows[r]] = scratchWeights[r];
        }
    }
}
