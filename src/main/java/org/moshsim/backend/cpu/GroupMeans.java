package org.moshsim.backend.cpu;

import java.util.Arrays;
import org.moshsim.plan.GroupAveraging;

/**
 * The CPU arithmetic of exact group averaging: every completed group's members get the mean of its rows (float64 in
 * member order, {@link RowSums#sumRows}) and of their push-sum weights. One task per batch of groups and column block,
 * cut by the data's shape only, so results never depend on the threads.
 */
final class GroupMeans {
    private GroupMeans() {
    }

    /** Each completed group's mean of its members' rows of {@code rows} (the values, or their decoded copies) into the values. */
    static void values(GroupAveraging plan, Rows rows, Rows values, LossyPlans.Tasks tasks) {
        int[] offsets = plan.offsets();
        int[] members = plan.members();
        int columnBlocks = (values.dim + Pieces.COLUMN_BLOCK - 1) / Pieces.COLUMN_BLOCK;
        int[] batches = Pieces.batches(offsets, Math.min(values.dim, Pieces.COLUMN_BLOCK));
        int batchCount = batches.length - 1;
        tasks.run(batchCount * columnBlocks, task -> {
            int from = (task % columnBlocks) * Pieces.COLUMN_BLOCK;
            int length = Math.min(Pieces.COLUMN_BLOCK, values.dim - from);
            double[] sum = Pieces.SUMS.get();
            float[] mean = Pieces.MEANS.get();
            for (int g = batches[task / columnBlocks]; g < batches[task / columnBlocks + 1]; g++) {
                if (plan.failed(g)) {
                    continue;
                }
                int first = offsets[g];
                int last = offsets[g + 1];
                RowSums.sumRows(rows, members, first, last, from, length, sum);
                int size = last - first;
                for (int j = 0; j < length; j++) {
                    mean[j] = (float) (sum[j] / size);
                }
                for (int k = first; k < last; k++) {
                    System.arraycopy(mean, 0, values.block(members[k]), values.offset(members[k]) + from, length);
                }
            }
        });
    }

    /**
     * Each completed group's members get what its compressed all-reduce computes of their rows, one task per group (the
     * collective's float16 or quantised partial sums depend on the whole row, so a group is not cut into column blocks).
     * Adds each group's relative bias and error against the exact mean to {@code statistics} (sums and a count, in group
     * order).
     */
    static void compressed(GroupAveraging plan, Rows values, LossyPlans.Tasks tasks, double[] statistics) {
        int[] offsets = plan.offsets();
        int[] members = plan.members();
        double[][] groupStatistics = new double[plan.groupCount()][3];
        tasks.run(plan.groupCount(), g -> {
            if (plan.failed(g)) {
                return;
            }
            float[][] rows = new float[plan.size(g)][];
            for (int k = 0; k < rows.length; k++) {
                int member = members[offsets[g] + k];
                rows[k] = Arrays.copyOfRange(values.block(member), values.offset(member), values.offset(member) + values.dim);
            }
            float[] aggregate = new float[values.dim];
            plan.compression().aggregate(rows, null, 0, 0, aggregate);
            double[] exact = new double[values.dim];
            for (float[] row : rows) {
                for (int j = 0; j < exact.length; j++) {
                    exact[j] += row[j];
                }
            }
            for (int j = 0; j < exact.length; j++) {
                exact[j] /= rows.length;
            }
            GradientExchanges.measure(aggregate, exact, groupStatistics[g]);
            for (int k = offsets[g]; k < offsets[g + 1]; k++) {
                System.arraycopy(aggregate, 0, values.block(members[k]), values.offset(members[k]), values.dim);
            }
        });
        for (double[] group : groupStatistics) {
            for (int s = 0; s < 3; s++) {
                statistics[s] += group[s];
            }
        }
    }

    /** Each completed group's members get the mean of their push-sum weights (exact, also over lossy links). */
    static void weights(GroupAveraging plan, double[] weights) {
        int[] offsets = plan.offsets();
        int[] members = plan.members();
        for (int g = 0; g < plan.groupCount(); g++) {
            if (plan.failed(g)) {
                continue;
            }
            double sum = 0;
            for (int k = offsets[g]; k < offsets[g + 1]; k++) {
                sum += weights[members[k]];
            }
            double mean = sum / plan.size(g);
            for (int k = offsets[g]; k < offsets[g + 1]; k++) {
                weights[members[k]] = mean;
            }
        }
    }
}
