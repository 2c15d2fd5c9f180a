package org.moshsim.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.moshsim.compress.Compression;
import org.moshsim.config.AvailabilitySpec;
import org.moshsim.config.Dist;
import org.moshsim.config.FailureSemantics;
import org.moshsim.config.FailureSpec;
import org.moshsim.config.NetworkSpec;
import org.moshsim.config.Scenario;
import org.moshsim.config.SwarmSpec;
import org.moshsim.config.TimingSpec;
import org.moshsim.config.TrainingSpec;
import org.moshsim.lossy.BernoulliLoss;
import org.moshsim.lossy.LossyAggregation;
import org.moshsim.lossy.LossyLinks;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.LocalSteps;
import org.moshsim.swarm.Peers;
import org.moshsim.training.LocalWork;
import org.moshsim.workload.Workload;

/** The per-instant batch: steps before averagings, one plan each, and a peer's second averaging after its first. */
class InstantBatchTest {
    private static final int PEERS = 6;
    private static final Transmission EXACT = new Transmission(Compression.EXACT, null, 1, Double.NaN);

    /** The local work of peers training least squares (a step per call), or of peers averaging values. */
    private static LocalWork work(boolean trains) {
        TrainingSpec training = trains ? new TrainingSpec(TrainingSpec.Model.LEAST_SQUARES, "synthetic", 60, 3, 0.1, 0, 0.0,
                Double.POSITIVE_INFINITY, 4, 0.1, 0.0, 1, 0.1, 0.0) : null;
        Scenario scenario = new Scenario(PEERS, trains ? 3 : 1, 10, null, new FailureSpec(0, FailureSemantics.EXCLUDE),
                SwarmSpec.DEFAULT, new NetworkSpec(4, new Dist.Constant(0), 0, 5), 0, AvailabilitySpec.ALWAYS, TimingSpec.UNBOUNDED,
                training);
        return LocalWork.of(Workload.of(scenario, 1), scenario, Peers.draw(SwarmSpec.DEFAULT, PEERS, 1), 1);
    }

    private static int[][] groups(GroupAveraging plan) {
        int[][] groups = new int[plan.groupCount()][];
        for (int g = 0; g < groups.length; g++) {
            groups[g] = plan.group(g);
        }
        return groups;
    }

    @Test
    void stepsComeFirstThenTheInstantsGroupsAsOnePlan() {
        LocalWork work = work(true);
        RecordingBackend backend = new RecordingBackend();
        InstantBatch batch = new InstantBatch(backend, work.steps(false), PEERS, EXACT);
        batch.step(0, work, 0, 1);
        batch.average(new int[] {2, 3});
        batch.step(1, work, 0, 2);
        batch.average(new int[] {4, 5, 1});
        assertTrue(backend.applied.isEmpty(), "nothing reaches the backend before time moves on");
        batch.flush();
        assertEquals(2, backend.applied.size());
        LocalSteps steps = assertInstanceOf(LocalSteps.class, backend.applied.get(0));
        assertArrayEquals(new int[] {0, 1}, steps.peers());
        assertArrayEquals(new int[] {0, 1, 3}, steps.stepOffsets(), "one step of peer 0, two of peer 1");
        GroupAveraging groups = assertInstanceOf(GroupAveraging.class, backend.applied.get(1));
        assertArrayEquals(new int[][] {{2, 3}, {4, 5, 1}}, groups(groups));
        batch.flush();
        assertEquals(2, backend.applied.size(), "an empty batch applies nothing");
    }

    /** A peer's second averaging at one instant reads the result of its first: the batch applies the first before. */
    @Test
    void aPeerInTheBatchAppliesItBeforeJoiningAgain() {
        LocalWork work = work(true);
        RecordingBackend backend = new RecordingBackend();
        InstantBatch batch = new InstantBatch(backend, work.steps(false), PEERS, EXACT);
        batch.average(new int[] {0, 1});
        batch.average(new int[] {2, 3});
        batch.average(new int[] {1, 4});
        assertEquals(1, backend.applied.size());
        assertArrayEquals(new int[][] {{0, 1}, {2, 3}}, groups((GroupAveraging) backend.applied.get(0)));
        batch.step(4, work, 0, 1);
        assertEquals(2, backend.applied.size(), "peer 4's step waits for its averaging");
        assertArrayEquals(new int[][] {{1, 4}}, groups((GroupAveraging) backend.applied.get(1)));
        batch.step(5, work, 0, 1);
        batch.flush();
        assertArrayEquals(new int[] {4, 5}, ((LocalSteps) backend.applied.get(2)).peers());
    }

    /** An asynchronous run's lossy links are numbered by the averaging plans applied before. */
    @Test
    void lossyPlansAreNumberedInTheOrderTheyAreApplied() {
        LossyLinks links = new LossyLinks(new BernoulliLoss(0.1), 1400, new LossyAggregation.ZeroFill());
        RecordingBackend backend = new RecordingBackend();
        InstantBatch batch = new InstantBatch(backend, null, PEERS, new Transmission(Compression.EXACT, links, 9, Double.NaN));
        for (int plan = 0; plan < 3; plan++) {
            assertEquals(plan, batch.applied());
            batch.average(new int[] {plan, plan + 1});
            batch.flush();
            GroupAveraging applied = (GroupAveraging) backend.applied.get(plan);
            assertEquals(plan, applied.loss().round());
            assertEquals(9, applied.loss().seed());
        }
    }

    /** A synchronous round's steps go in whole, even when nobody stepped, before its exchange. */
    @Test
    void aRoundsExchangeFollowsItsStepsEvenEmpty() {
        LocalWork work = work(true);
        RecordingBackend backend = new RecordingBackend();
        InstantBatch batch = new InstantBatch(backend, work.steps(true), PEERS, EXACT);
        GroupAveraging exchange = new GroupAveraging(new int[] {0, 2}, new int[] {0, 1});
        batch.exchange(exchange);
        batch.flush();
        assertEquals(2, backend.applied.size());
        LocalSteps steps = (LocalSteps) backend.applied.get(0);
        assertEquals(0, steps.peers().length);
        assertTrue(steps.accumulates());
        assertEquals(exchange, backend.applied.get(1));
    }

    /** Peers that average values take no steps: stepping adds nothing and never flushes. */
    @Test
    void averagingPeersTakeNoSteps() {
        LocalWork work = work(false);
        RecordingBackend backend = new RecordingBackend();
        InstantBatch batch = new InstantBatch(backend, work.steps(false), PEERS, EXACT);
        batch.average(new int[] {0, 1});
        batch.step(0, work, 0, 1);
        assertTrue(backend.applied.isEmpty());
        batch.flush();
        assertEquals(1, backend.applied.size());
        assertInstanceOf(GroupAveraging.class, backend.applied.get(0));
    }
}
