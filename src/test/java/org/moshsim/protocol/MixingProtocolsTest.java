package org.moshsim.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.moshsim.backend.Backend;
import org.moshsim.backend.cpu.CpuBackend;
import org.moshsim.config.FailureSemantics;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.Plan;
import org.moshsim.plan.SparseMixing;
import org.moshsim.swarm.BernoulliDropout;
import org.moshsim.workload.Averaging;

/** Push-sum, gossip, all-reduce and the group protocols' conservation laws. */
class MixingProtocolsTest {
    /** Every protocol but gossip is mass-preserving: the sums of values and of weights never change. */
    @Property(tries = 40)
    void massIsPreservedUnderFailures(@ForAll @IntRange(min = 0, max = 4) int which, @ForAll boolean voidSemantics,
                                      @ForAll @DoubleRange(min = 0, max = 0.3) double p, @ForAll @IntRange(min = 0, max = 99) int seed) {
        ProtocolSpec spec = new ProtocolSpec[] {
            new ProtocolSpec.PushSum("ps", 2), new ProtocolSpec.RandomGroups("rg", 4), new ProtocolSpec.AllReduce("ar"),
            Runs.moshpit(ProtocolSpec.Variant.GRID, 8, 8), Runs.moshpit(ProtocolSpec.Variant.KEYS, 4, 4)}[which];
        int peers = 60;
        var scenario = Runs.scenario(peers, 3, 0, p, voidSemantics ? FailureSemantics.VOID : FailureSemantics.EXCLUDE);
        try (Backend backend = new CpuBackend(null)) {
            Averaging.of(scenario, seed).initialize(backend);
            double[] before = Runs.mass(backend);
            Protocol protocol = Protocols.create(spec, peers, seed);
            BernoulliDropout dropout = new BernoulliDropout(p, seed);
            boolean[] live = new boolean[peers];
            for (int round = 0; round < 20; round++) {
                dropout.sample(round, live);
                backend.apply(protocol.plan(round, new Participation(live, scenario.failures().semantics())));
            }
            double[] after = Runs.mass(backend);
            for (int j = 0; j < before.length; j++) {
                assertEquals(before[j], after[j], 1e-4 * peers, spec.label() + " column " + j);
            }
        }
    }

    /** SGP's de-biased estimates x_i / w_i converge to the true mean, with and without failures. */
    @Test
    void pushSumConvergesToTheTrueMean() {
        for (double p : new double[] {0, 0.05}) {
            double[] mse = Runs.mse(new ProtocolSpec.PushSum("ps", 1), 256, 400, p, 3);
            assertTrue(mse[400] < 1e-10 * mse[0], "p = " + p + ": " + mse[400]);
        }
    }

    @Test
    void pushSumSendsAlongTheExponentialGraph() {
        PushSum pushSum = new PushSum(16, 2);
        // Hops 1, 2, 4, 8 on 16 peers; out-degree 2: round 0 uses 1 and 2, round 1 uses 4 and 8, round 2 again 1 and 2.
        for (int round = 0; round < 3; round++) {
            SparseMixing plan = (SparseMixing) pushSum.plan(round, Participation.everyone(16));
            int[] hops = round == 1 ? new int[] {4, 8} : new int[] {1, 2};
            for (int r = 0; r < plan.rows().length; r++) {
                int peer = plan.rows()[r];
                assertEquals(3, plan.offsets()[r + 1] - plan.offsets()[r]);
                assertEquals(peer, plan.sources()[plan.offsets()[r]]);
                for (int k = 1; k < 3; k++) {
                    assertEquals(Math.floorMod(peer - hops[k - 1], 16), plan.sources()[plan.offsets()[r] + k]);
                    assertEquals(1.0 / 3, plan.weights()[plan.offsets()[r] + k]);
                }
            }
        }
    }

    @Test
    void gossipAveragesTheLiveNeighbourhood() {
        boolean[] live = new boolean[10];
        java.util.Arrays.fill(live, true);
        live[4] = false;
        SparseMixing plan = (SparseMixing) new Gossip(10, 1).plan(0, new Participation(live, FailureSemantics.EXCLUDE));
        assertEquals(9, plan.rows().length);
        int row = java.util.Arrays.binarySearch(plan.rows(), 5);
        assertEquals(2, plan.offsets()[row + 1] - plan.offsets()[row], "peer 5 averages with 6 only, 4 failed");
        assertEquals(0.5, plan.weights()[plan.offsets()[row]]);
        SparseMixing voided = (SparseMixing) new Gossip(10, 1).plan(0, new Participation(live, FailureSemantics.VOID));
        assertEquals(7, voided.rows().length, "peers 3 and 5 skip the round");
    }

    /** Gossip on a ring mixes slowly: its error after 50 rounds on 1024 peers is still far from 0 (paper, Fig. 3). */
    @Test
    void ringGossipIsSlow() {
        double[] mse = Runs.mse(new ProtocolSpec.Gossip("g", 1), 1024, 50, 0, 1);
        assertTrue(mse[50] > 0.01 && mse[50] < mse[0], String.valueOf(mse[50]));
    }

    @Test
    void allReduceNeedsEveryPeer() {
        AllReduce allReduce = new AllReduce(8);
        Plan all = allReduce.plan(0, Participation.everyone(8));
        assertEquals(1, ((GroupAveraging) all).groupCount());
        boolean[] live = new boolean[8];
        java.util.Arrays.fill(live, true);
        live[7] = false;
        GroupAveraging failed = (GroupAveraging) allReduce.plan(1, new Participation(live, FailureSemantics.EXCLUDE));
        assertEquals(GroupAveraging.Collective.RING, failed.collective());
        assertTrue(failed.failed(0), "a failed attempt: nothing changes, a retry is paid");
        assertEquals(0, failed.completedOnly().groupCount());
        double[] mse = Runs.mse(new ProtocolSpec.AllReduce("ar"), 64, 1, 0, 2);
        assertTrue(mse[1] < 1e-13 * mse[0]);
        assertNotEquals(0, mse[0]);
    }
}
