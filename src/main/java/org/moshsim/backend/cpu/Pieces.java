package org.moshsim.backend.cpu;

import java.util.Arrays;

/**
 * How the CPU backend cuts its work: into pieces whose boundaries depend only on the data's shape, never on the thread
 * count, so that partial sums combine in the same order on any number of threads.
 */
final class Pieces {
    /** Columns one task handles at once: its float64 accumulators stay in cache. */
    static final int COLUMN_BLOCK = 4096;
    /** Values one task should touch, at least; smaller pieces are merged. */
    static final int TASK_VALUES = 1 << 15;

    /**
     * Each thread's float64 accumulators and float32 means for one column block, reused across tasks: fresh
     * arrays per task would stream the allocator through untouched heap, and page faults cost more than the sums.
     */
    static final ThreadLocal<double[]> SUMS = ThreadLocal.withInitial(() -> new double[COLUMN_BLOCK]);
    static final ThreadLocal<float[]> MEANS = ThreadLocal.withInitial(() -> new float[COLUMN_BLOCK]);

    /**
     * Cuts CSR rows (groups or matrix rows) into consecutive batches that each touch at least
     * {@link #TASK_VALUES} values of a column block; returns the batch boundaries.
     */
    static int[] batches(int[] offsets, int columns) {
        int rows = offsets.length - 1;
        int[] bounds = new int[rows + 1];
        int count = 0;
        long load = 0;
        for (int r = 0; r < rows; r++) {
            load += (long) (offsets[r + 1] - offsets[r] + 1) * columns;
            if (load >= TASK_VALUES) {
                bounds[++count] = r + 1;
                load = 0;
            }
        }
        if (bounds[count] != rows) {
            bounds[++count] = rows;
        }
        return Arrays.copyOf(bounds, count + 1);
    }

    private Pieces() {
    }
}
