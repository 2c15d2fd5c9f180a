package org.moshsim.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.moshsim.backend.Backend;
import org.moshsim.backend.Snapshot;
import org.moshsim.backend.Task;
import org.moshsim.compress.Compression;
import org.moshsim.plan.GradientExchange;
import org.moshsim.plan.LocalSteps;
import org.moshsim.random.RandomStreams;

/** Gradient accumulation and exchange on the CPU backend against plain SGD and the definitions of the compressors. */
class GradientExchangeTest {
    private static final int FEATURES = 8;
    private static final int EXAMPLES = 32;

    /** Least squares on 32 random examples of 8 features (l2 0.01), so every gradient is different. */
    private static Task task() {
        float[] x = new float[EXAMPLES * FEATURES];
        float[] y = new float[EXAMPLES];
        RandomStreams.normalRow(3, 0, 0, 1, x, 0, x.length);
        RandomStreams.normalRow(3, 1, 0, 1, y, 0, y.length);
        return new Task(Task.Model.LEAST_SQUARES, FEATURES, 0, 0, 0.01, x, y, new float[0], new float[0]);
    }

    private static float[] start() {
        float[] row = new float[FEATURES];
        RandomStreams.normalRow(3, 2, 0, 1, row, 0, FEATURES);
        return row;
    }

    private static CpuBackend backend(int peers, ForkJoinPool pool) {
        CpuBackend backend = new CpuBackend(pool);
        backend.allocate(peers, FEATURES);
        backend.load(task());
        backend.broadcast(start());
        return backend;
    }

    /** Peer p accumulates one batch of {@code batches[p]} (each example counting once). */
    private static LocalSteps accumulate(int[][] batches) {
        LocalSteps.Builder steps = LocalSteps.Builder.accumulating();
        for (int p = 0; p < batches.length; p++) {
            steps.accumulate(batches[p], batches[p].length, batches[p].length).peer(p);
        }
        return steps.build();
    }

    private static GradientExchange group(int[] offsets, int[] members, GradientExchange.Collective collective, boolean[] failed,
                                          Compression compression, double rate, int round) {
        return new GradientExchange(offsets, members, collective, failed, compression, null, rate, null, 5, round);
    }

    private static float[] row(Snapshot s, int peer) {
        return java.util.Arrays.copyOfRange(s.values(), peer * s.dim(), (peer + 1) * s.dim());
    }

    /** One SGD step from the start on the mean loss over these examples: the large-batch step. */
    private static float[] largeBatchStep(int[] examples, double rate) {
        double[] model = new double[FEATURES];
        float[] x0 = start();
        for (int j = 0; j < FEATURES; j++) {
            model[j] = x0[j];
        }
        double[] gradient = new double[FEATURES];
        ModelKernels.lossAndGradient(task(), model, examples, 0, examples.length, gradient);
        float[] next = new float[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            next[j] = (float) (model[j] - rate * gradient[j]);
        }
        return next;
    }

    /** Peers that processed 2, 5 and 1 examples, aggregated by sample weight, take the large-batch step on all 8. */
    @Test
    void sampleWeightedAggregateIsTheLargeBatchStep() {
        int[][] batches = {{0, 1}, {2, 3, 4, 5, 6}, {7}};
        for (ForkJoinPool pool : new ForkJoinPool[] {null, new ForkJoinPool(3)}) {
            CpuBackend backend = backend(3, pool);
            backend.apply(accumulate(batches));
            backend.apply(group(new int[] {0, 3}, new int[] {0, 1, 2}, GradientExchange.Collective.RING, null, Compression.EXACT,
                    0.1, 0));
            float[] expected = largeBatchStep(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, 0.1);
            Snapshot after = backend.snapshot();
            for (int peer = 0; peer < 3; peer++) {
                assertArrayEquals(expected, row(after, peer), 1e-6f, "peer " + peer);
            }
            // Weighing the three peers equally would be a different step: the weights matter here.
            float[] equal = largeBatchStep(new int[] {0, 1}, 0.1);
            float[] second = largeBatchStep(new int[] {2, 3, 4, 5, 6}, 0.1);
            float[] third = largeBatchStep(new int[] {7}, 0.1);
            double gap = 0;
            for (int j = 0; j < FEATURES; j++) {
                gap = Math.max(gap, Math.abs((equal[j] + second[j] + third[j]) / 3 - expected[j]));
            }
            assertTrue(gap > 1e-3, "equal weights would differ by " + gap);
            // The accumulators are empty afterwards: a second exchange with nothing accumulated changes nothing.
            backend.apply(group(new int[] {0, 3}, new int[] {0, 1, 2}, GradientExchange.Collective.RING, null, Compression.EXACT,
                    0.1, 1));
            assertArrayEquals(after.values(), backend.snapshot().values());
        }
    }

    /**
     * EF21 with Top-K (k = 1 of 8) on constant gradients (learning rate 0): each peer's estimate g_i gains one exact
     * coordinate per exchange whatever group it meets, so after 8 exchanges the aggregates are exact. Groups change every
     * round; state kept per group, per position in a group, or reset each round would never get there.
     */
    @Test
    void errorFeedbackStateIsPerPeerAndOutlivesTheGroups() {
        CpuBackend backend = backend(4, null);
        Compression ef21 = new Compression.Sparsified(Compression.Sparsified.Kind.TOP_K, 1.0 / FEATURES, 0, 0,
                Compression.Feedback.EF21, 0);
        int[][] pairings = {{0, 1, 2, 3}, {0, 2, 1, 3}, {0, 3, 1, 2}};
        int[][] batches = {{0, 1, 2, 3}, {8, 9, 10, 11}, {16, 17, 18, 19}, {24, 25, 26, 27}};
        double[] errors = new double[12];
        double previous = 0;
        for (int round = 0; round < errors.length; round++) {
            backend.apply(accumulate(batches));
            backend.apply(group(new int[] {0, 2, 4}, pairings[round % 3], GradientExchange.Collective.BUTTERFLY, null, ef21, 0,
                    round));
            double mean = backend.aggregates().error();
            // Running mean over the 4 members' aggregates so far: this round's own error is the difference.
            errors[round] = (round + 1) * mean - round * previous;
            previous = mean;
        }
        assertTrue(errors[0] > 0.1, "one coordinate of eight is far from the gradient: " + errors[0]);
        for (int round = FEATURES; round < errors.length; round++) {
            assertEquals(0, errors[round], 1e-5, "round " + round);
        }
    }

    /** ARC-Top-K: every member keeps the same rows of the shared sketch, so every member's step touches the same rows. */
    @Test
    void arcTopKStepsEveryMemberOnTheSameRows() {
        CpuBackend backend = backend(4, null);
        Snapshot before = backend.snapshot();
        backend.apply(accumulate(new int[][] {{0, 1}, {5, 6}, {10, 11}, {20, 21}}));
        Compression arc = new Compression.Sparsified(Compression.Sparsified.Kind.ARC_TOP_K, 0.25, 4, 2, Compression.Feedback.NONE,
                0);
        backend.apply(group(new int[] {0, 4}, new int[] {0, 1, 2, 3}, GradientExchange.Collective.RING, null, arc, 1.0, 0));
        Snapshot after = backend.snapshot();
        Set<Integer> rows = new HashSet<>();
        for (int peer = 0; peer < 4; peer++) {
            for (int j = 0; j < FEATURES; j++) {
                if (after.values()[peer * FEATURES + j] != before.values()[peer * FEATURES + j]) {
                    rows.add(j / 2);
                }
            }
            assertArrayEquals(row(after, 0), row(after, peer));
        }
        assertEquals(1, rows.size(), "one row of 4 kept, the same on every peer: " + rows);
    }

    /**
     * A failed ring drops its members' gradients (the synchronous step is redone); a failed butterfly group and a peer
     * that met nobody step with their own gradient (hivemind's fallback to local gradients).
     */
    @Test
    void failedGroupsDropOrStepAloneAsTheirLoopsDo() {
        int[][] batches = {{0, 1}, {2, 3}, {4, 5}, {6, 7}, {8, 9}};
        for (GradientExchange.Collective collective : new GradientExchange.Collective[] {GradientExchange.Collective.RING,
                GradientExchange.Collective.BUTTERFLY}) {
            CpuBackend backend = backend(5, null);
            Snapshot before = backend.snapshot();
            backend.apply(accumulate(batches));
            backend.apply(group(new int[] {0, 2, 4}, new int[] {0, 1, 2, 3}, collective, new boolean[] {true, false},
                    Compression.EXACT, 0.1, 0));
            Snapshot after = backend.snapshot();
            float[] alone = largeBatchStep(batches[0], 0.1);
            if (collective == GradientExchange.Collective.RING) {
                assertArrayEquals(row(before, 0), row(after, 0), "a failed ring's member keeps its model");
            } else {
                assertArrayEquals(alone, row(after, 0), 1e-6f, "a failed butterfly group's member steps alone");
            }
            assertArrayEquals(largeBatchStep(new int[] {4, 5, 6, 7}, 0.1), row(after, 2), 1e-6f, "the completed group");
            assertArrayEquals(largeBatchStep(batches[4], 0.1), row(after, 4), 1e-6f, "peer 4 met nobody and steps alone");
            // Either way the failed group's gradients are gone: nothing is left for the next exchange.
            backend.apply(group(new int[] {0, 2}, new int[] {0, 1}, collective, null, Compression.EXACT, 0.1, 1));
            assertArrayEquals(row(after, 0), row(backend.snapshot(), 0));
        }
    }

    /** A parameter server without loss gives every member the server's step, which is the exact all-reduce's, to the bit. */
    @Test
    void parameterServerWithoutLossIsTheAllReduce() {
        int[][] batches = {{0, 1, 2}, {3, 4, 5}, {6, 7, 8}};
        Backend ring = backend(3, null);
        Backend server = backend(3, null);
        for (int round = 0; round < 3; round++) {
            ring.apply(accumulate(batches));
            server.apply(accumulate(batches));
            ring.apply(group(new int[] {0, 3}, new int[] {0, 1, 2}, GradientExchange.Collective.RING, null, Compression.EXACT, 0.1,
                    round));
            server.apply(group(new int[] {0, 3}, new int[] {0, 1, 2}, new GradientExchange.Collective.ParameterServer(1e9, 0),
                    null, Compression.EXACT, 0.1, round));
        }
        assertArrayEquals(ring.snapshot().values(), server.snapshot().values());
    }
}
