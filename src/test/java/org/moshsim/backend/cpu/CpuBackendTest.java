package org.moshsim.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.moshsim.BadInput;
import org.moshsim.backend.Snapshot;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.SparseMixing;

/** The CPU backend against a direct float64 computation, and against itself on other thread counts. */
class CpuBackendTest {
    private static final int PEERS = 50;

    private static CpuBackend filled(int dim, ForkJoinPool pool) {
        CpuBackend backend = new CpuBackend(pool);
        backend.allocate(PEERS, dim);
        backend.fillNormal(11, 1.0, 2.0);
        backend.markReference();
        return backend;
    }

    private static GroupAveraging groups() {
        return new GroupAveraging.Builder(PEERS).add(3).add(17).add(42).close().add(0).add(49).close().add(5).add(6).add(7).add(8)
                .close().build();
    }

    private static SparseMixing matrix() {
        return new SparseMixing.Builder(3, 6).add(1, 0.25).add(2, 0.75).row(1).add(2, 0.5).add(1, 0.5).row(2).add(9, 1.0).row(30)
                .build();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 5000})
    void groupAveragingReplacesMembersByTheirMean(int dim) {
        CpuBackend backend = filled(dim, null);
        Snapshot before = backend.snapshot();
        GroupAveraging plan = groups();
        backend.apply(plan);
        Snapshot after = backend.snapshot();
        for (int g = 0; g < plan.groupCount(); g++) {
            int[] members = plan.group(g);
            for (int j = 0; j < dim; j++) {
                double sum = 0;
                for (int peer : members) {
                    sum += before.values()[peer * dim + j];
                }
                for (int peer : members) {
                    assertEquals((float) (sum / members.length), after.values()[peer * dim + j]);
                }
            }
        }
        assertEquals(before.values()[1 * dim], after.values()[1 * dim], "peer 1 is in no group");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 5000})
    void mixingReadsTheRowsAsTheyWereBefore(int dim) {
        CpuBackend backend = filled(dim, null);
        Snapshot before = backend.snapshot();
        backend.apply(matrix());
        Snapshot after = backend.snapshot();
        for (int j = 0; j < dim; j++) {
            float x1 = before.values()[dim + j];
            float x2 = before.values()[2 * dim + j];
            assertEquals((float) (0.25 * x1 + 0.75 * x2), after.values()[dim + j]);
            assertEquals((float) (0.5 * x2 + 0.5 * x1), after.values()[2 * dim + j]);
            assertEquals(before.values()[9 * dim + j], after.values()[30 * dim + j]);
        }
        assertEquals(1.0, after.weights()[1]);
        assertEquals(1.0, after.weights()[30]);
    }

    @Test
    void failedGroupsChangeNothing() {
        CpuBackend backend = filled(4, null);
        Snapshot before = backend.snapshot();
        backend.apply(new GroupAveraging.Builder(PEERS).add(3).add(17).fail().add(0).add(49).close().build());
        Snapshot after = backend.snapshot();
        for (int j = 0; j < 4; j++) {
            assertEquals(before.values()[3 * 4 + j], after.values()[3 * 4 + j]);
            assertEquals((float) (((double) before.values()[j] + before.values()[49 * 4 + j]) / 2), after.values()[j]);
        }
    }

    @Test
    void meanSquaredErrorIsAgainstTheMarkedReferenceAndDeBiased() {
        CpuBackend backend = filled(3, null);
        Snapshot snapshot = backend.snapshot();
        double[] mean = new double[3];
        for (int i = 0; i < PEERS; i++) {
            for (int j = 0; j < 3; j++) {
                mean[j] += snapshot.values()[i * 3 + j] / (double) PEERS;
            }
        }
        double expected = 0;
        for (int i = 0; i < PEERS; i++) {
            for (int j = 0; j < 3; j++) {
                expected += Math.pow(snapshot.values()[i * 3 + j] - mean[j], 2) / (PEERS * 3);
            }
        }
        assertEquals(expected, backend.meanSquaredError(), 1e-12 * expected);
        // Halving one peer's value and its weight leaves its de-biased estimate, and so the error, unchanged.
        backend.apply(new SparseMixing.Builder(1, 1).add(4, 0.5).row(4).build());
        assertEquals(0.5, backend.snapshot().weights()[4]);
        assertEquals(expected, backend.meanSquaredError(), 1e-12 * expected);
    }

    /** The same operations on 1, 2 and 3 threads, and with rows split over several blocks, give the same bits. */
    @Test
    void resultsDoNotDependOnThreadsOrBlocks() {
        int dim = 9000;
        Snapshot reference = null;
        double referenceMse = 0;
        for (int threads = 1; threads <= 3; threads++) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            CpuBackend backend = filled(dim, threads == 1 ? null : pool);
            backend.apply(groups());
            backend.apply(matrix());
            double mse = backend.meanSquaredError();
            Snapshot snapshot = backend.snapshot();
            if (reference == null) {
                reference = snapshot;
                referenceMse = mse;
            } else {
                assertArrayEquals(reference.values(), snapshot.values());
                assertEquals(referenceMse, mse);
            }
            pool.shutdown();
        }
    }

    @Test
    void rowsSpanBlocks() {
        Rows rows = new Rows(10, 3, 8);
        assertEquals(0, rows.offset(0));
        assertEquals(3, rows.offset(1));
        assertEquals(0, rows.offset(2), "two rows fit a block of 8 values");
        assertEquals(rows.block(2), rows.block(3));
        assertEquals(false, rows.block(1) == rows.block(2));
    }

    @Test
    void aMatrixThatCannotFitIsBadInput() {
        BadInput error = assertThrows(BadInput.class, () -> new CpuBackend(null).allocate(1 << 20, 1 << 20));
        assertEquals(true, error.getMessage().startsWith("peers x dim = 1048576 x 1048576 needs 4096.0 GiB of memory"),
                error.getMessage());
    }
}
