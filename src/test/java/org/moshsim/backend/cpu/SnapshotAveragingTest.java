package org.moshsim.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.moshsim.backend.Snapshot;
import org.moshsim.backend.Task;
import org.moshsim.compress.Float16;
import org.moshsim.plan.Apply;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.LocalSteps;
import org.moshsim.plan.Plan;
import org.moshsim.plan.RowSnapshot;
import org.moshsim.plan.SnapshotAveraging;
import org.moshsim.plan.SparseMixing;

/** Background averaging from snapshots: the same bits as mixing the current rows when nobody stepped meanwhile, else not. */
class SnapshotAveragingTest {
    private static final int PEERS = 9;

    /** Groups of every kind the backend has a path for: a failed group, and peers in none. */
    private static List<Plan> plans() {
        GroupAveraging groups = new GroupAveraging.Builder(PEERS).add(0).add(4).add(7).close().add(1).add(2).close().add(5).add(6)
                .close().build().withFailed(new boolean[] {false, false, true});
        SparseMixing pushSum = new SparseMixing.Builder(4, 8).add(0, 0.5).add(3, 0.5).row(0).add(3, 0.5).add(8, 0.25).row(3)
                .add(8, 0.75).row(8).add(2, 1.0).row(6).build();
        return List.of(groups, groups.withCodec(new Float16()), pushSum, pushSum.withCodec(new Float16()));
    }

    private static CpuBackend filled(int dim, ForkJoinPool pool) {
        CpuBackend backend = new CpuBackend(pool);
        backend.allocate(PEERS, dim);
        backend.fillNormal(5, 0.5, 2.0);
        // Unequal push-sum weights, so that the weights' arithmetic is checked too.
        backend.apply(new SparseMixing.Builder(2, 3).add(1, 0.6).add(0, 0.4).row(1).add(8, 1.5).row(8).build());
        return backend;
    }

    private static int[] everyone() {
        int[] peers = new int[PEERS];
        for (int i = 0; i < PEERS; i++) {
            peers[i] = i;
        }
        return peers;
    }

    private static Snapshot after(int dim, ForkJoinPool pool, UnaryOperator<Plan> asApplied, Plan plan, boolean snapshot) {
        CpuBackend backend = filled(dim, pool);
        if (snapshot) {
            backend.apply(new RowSnapshot(everyone()));
        }
        backend.apply(asApplied.apply(plan));
        return backend.snapshot();
    }

    @ParameterizedTest
    @EnumSource(value = Apply.class, names = {"SNAPSHOT_OVERWRITE", "SNAPSHOT_DELTA"})
    void withoutStepsDuringTheExchangeEveryModeGivesTheCurrentRowsBits(Apply apply) {
        for (int dim : new int[] {1, 33}) {
            for (Plan plan : plans()) {
                Snapshot current = after(dim, null, p -> p, plan, false);
                Snapshot background = after(dim, new ForkJoinPool(3), p -> new SnapshotAveraging(p, apply), plan, true);
                assertArrayEquals(current.values(), background.values(), apply + ", dim " + dim + ", " + plan);
                assertArrayEquals(current.weights(), background.weights(), apply + ", dim " + dim + ", " + plan);
            }
        }
    }

    /**
     * Least squares on two examples, a = (1, 0) with y = 3 and a = (0, 1) with y = 6, plain SGD at rate 1 (a step moves
     * the row by (y - w . a) a). From (1, 2), peer 1 steps on the second example to (1, 6); both snapshot and start
     * averaging; meanwhile peer 0 steps on the first example to (3, 2), its local progress (+2, 0). The snapshots' mean
     * is (1, 4). Overwrite: both end at (1, 4), the progress lost. Delta: peer 0 ends at (3, 2) - (1, 2) + (1, 4) =
     * (3, 4), keeping it; peer 1 at (1, 4). Current: both at the mean of (3, 2) and (1, 6), (2, 4).
     */
    @Test
    void deltaKeepsTheProgressMadeDuringTheExchangeAndOverwriteLosesIt() {
        GroupAveraging pair = new GroupAveraging(new int[] {0, 2}, new int[] {0, 1});
        Snapshot delta = twoPeers(new SnapshotAveraging(pair, Apply.SNAPSHOT_DELTA));
        assertArrayEquals(new float[] {3, 4, 1, 4}, delta.values());
        assertArrayEquals(new double[] {1, 1}, delta.weights(), "steps leave the push-sum weights as they were");
        assertArrayEquals(new float[] {1, 4, 1, 4}, twoPeers(new SnapshotAveraging(pair, Apply.SNAPSHOT_OVERWRITE)).values());
        assertArrayEquals(new float[] {2, 4, 2, 4}, twoPeers(pair).values());
    }

    private static Snapshot twoPeers(Plan averaging) {
        CpuBackend backend = new CpuBackend(null);
        backend.allocate(2, 2);
        backend.load(new Task(Task.Model.LEAST_SQUARES, 2, 0, 0, 0.0, new float[] {1, 0, 0, 1}, new float[] {3, 6}, new float[0],
                new float[0]));
        backend.broadcast(new float[] {1, 2});
        backend.apply(step(1, 1));
        backend.apply(new RowSnapshot(new int[] {0, 1}));
        backend.apply(step(0, 0));
        backend.apply(averaging);
        return backend.snapshot();
    }

    /** One SGD step of {@code peer} on {@code example} at rate 1. */
    private static LocalSteps step(int peer, int example) {
        return new LocalSteps(new int[] {peer}, new int[] {0, 1}, new int[] {0, 1}, new int[] {example}, new double[] {1.0});
    }
}
