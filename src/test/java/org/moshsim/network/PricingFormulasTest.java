package org.moshsim.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.moshsim.config.Dist;
import org.moshsim.config.NetworkSpec;
import org.moshsim.config.SwarmSpec;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.SparseMixing;
import org.moshsim.swarm.Peers;

/** Each collective's formula on heterogeneous links, against its closed form, through the one pricing call. */
class PricingFormulasTest {
    private static final double S = 100e6;
    private static final double TIMEOUT = 7;

    /** Peers with their own upload, download and latency, drawn uniformly. */
    private static Peers peers(int n) {
        return Peers.draw(new SwarmSpec(List.of(new SwarmSpec.Profile("mixed", 1, new Dist.Uniform(1e7, 1e8),
                new Dist.Uniform(2e7, 2e8), new Dist.Uniform(0.001, 0.02), new Dist.Constant(1)))), n, 5);
    }

    private static NetworkSpec spec() {
        return new NetworkSpec(S, new Dist.Constant(0), 0.5, TIMEOUT);
    }

    private static GroupAveraging group(GroupAveraging.Collective collective, boolean failed, int... members) {
        return new GroupAveraging(new int[] {0, members.length}, members, collective, failed ? new boolean[] {true} : null);
    }

    private static double link(Peers peers, int peer) {
        return Math.min(peers.upload(peer), peers.download(peer));
    }

    /** Butterfly on unequal links: S xi + 2 max l, xi the load-balancing LP's optimum; member i sends xi b_i S when all are tight. */
    @Test
    void butterflyIsTheLoadBalancedAllReduce() {
        // Links of 1, 1.2, 1.4 and 1.6 Gbit/s: (2n - 2) / sum b beats 1 / min b, so every member's constraint is tight.
        SwarmSpec swarm = new SwarmSpec(List.of(profile("a", 1.0), profile("b", 1.2), profile("c", 1.4), profile("d", 1.6)));
        Peers peers = Peers.draw(swarm, 4, 1);
        NetworkModel network = NetworkModel.withWindows(peers, spec());
        double[] bandwidth = new double[4];
        double latency = 0;
        for (int i = 0; i < 4; i++) {
            bandwidth[i] = link(peers, i);
            latency = Math.max(latency, peers.latency(i));
        }
        double xi = LoadBalancing.secondsPerByte(bandwidth);
        assertTrue(xi > 1 / Arrays.stream(bandwidth).min().orElseThrow(), "the test wants every constraint tight");
        Traffic traffic = new Traffic(4);
        double seconds = network.price(group(GroupAveraging.Collective.BUTTERFLY, false, 0, 1, 2, 3), new double[4], new double[1], traffic);
        assertEquals(S * xi + 2 * latency, seconds, 1e-9 * seconds);
        for (int i = 0; i < 4; i++) {
            assertEquals(xi * bandwidth[i] * S, traffic.sent(i), 1e-6 * S, "member " + i + " sends (1 + (n - 2) w_i) S");
        }
        assertEquals(6 * S, traffic.total(), 1e-6 * S, "(2n - 2) S in all");
    }

    private static SwarmSpec.Profile profile(String name, double gbit) {
        Dist link = new Dist.Constant(gbit * 1e9 / 8);
        return new SwarmSpec.Profile(name, 0.25, link, link, new Dist.Constant(0.001 * gbit), new Dist.Constant(1));
    }

    /**
     * In global rounds a butterfly group first pays the DHT's matchmaking; where the run holds its matchmaking windows
     * itself, the group exchanges from when its members are ready. A failed group costs the timeout either way.
     */
    @Test
    void matchmakingIsTheRoundsUnlessTheRunHoldsWindows() {
        Peers peers = peers(64);
        NetworkModel rounds = new NetworkModel(peers, spec());
        NetworkModel windows = NetworkModel.withWindows(peers, spec());
        double[] ready = new double[64];
        ready[9] = 2.5;
        GroupAveraging plan = group(GroupAveraging.Collective.BUTTERFLY, false, 3, 9, 40);
        double inRounds = rounds.price(plan, ready, new double[1], new Traffic(64));
        double inWindows = windows.price(plan, ready, new double[1], new Traffic(64));
        assertEquals(rounds.matchmaking(), inRounds - inWindows, 1e-12);
        assertEquals(windows.matchmaking(), rounds.matchmaking(), 0, "a window lasts what the rounds' matchmaking costs");
        GroupAveraging failed = group(GroupAveraging.Collective.BUTTERFLY, true, 3, 9, 40);
        assertEquals(2.5 + TIMEOUT, windows.price(failed, ready, new double[1], new Traffic(64)), 1e-12);
        assertEquals(2.5 + rounds.matchmaking() + TIMEOUT, rounds.price(failed, ready, new double[1], new Traffic(64)), 1e-12);
    }

    /** AD-PSGD's pair: both vectors cross at once, each at the sender's upload or the receiver's download, whichever is slower. */
    @Test
    void pairwiseSendsBothVectorsAtOnce() {
        Peers peers = peers(8);
        NetworkModel network = new NetworkModel(peers, spec());
        for (int[] p : new int[][] {{2, 5}, {5, 2}, {0, 7}}) {
            int a = p[0];
            int b = p[1];
            double expected = Math.max(S / Math.min(peers.upload(a), peers.download(b)), S / Math.min(peers.upload(b), peers.download(a)))
                    + Math.max(peers.latency(a), peers.latency(b));
            Traffic traffic = new Traffic(8);
            double[] ready = new double[8];
            ready[b] = 1.5;
            assertEquals(1.5 + expected, network.price(group(GroupAveraging.Collective.PAIRWISE, false, a, b), ready, new double[1],
                    traffic), 1e-12, "no matchmaking: a pair starts when both are ready");
            assertEquals(S, traffic.sent(a), 0);
            assertEquals(S, traffic.sent(b), 0);
        }
        assertThrows(IllegalArgumentException.class, () -> network.price(group(GroupAveraging.Collective.PAIRWISE, false, 1, 2, 3),
                new double[8], new double[1], new Traffic(8)));
    }

    /** A ring waits for its slowest member at every one of its 2(n - 1) steps of S / n. */
    @Test
    void ringGoesAtItsSlowestMember() {
        Peers peers = peers(16);
        NetworkModel network = new NetworkModel(peers, spec());
        int[] members = {1, 4, 6, 11, 15};
        double step = 0;
        for (int m : members) {
            step = Math.max(step, S / (members.length * link(peers, m)) + peers.latency(m));
        }
        Traffic traffic = new Traffic(16);
        double seconds = network.price(group(GroupAveraging.Collective.RING, false, members), new double[16], new double[1], traffic);
        assertEquals(2 * (members.length - 1) * step, seconds, 1e-12 * seconds);
        assertEquals(2.0 * (members.length - 1) * S, traffic.total(), 1e-6);
        assertEquals(seconds, network.price(group(GroupAveraging.Collective.RING, true, members), new double[16], new double[1],
                new Traffic(16)), 0, "a failed ring attempt costs a whole one");
    }

    /** Mixing: a peer that sends to two others and receives from one takes max(2 S / u, S / d) plus its partners' largest latency. */
    @Test
    void mixingPaysEachPeersMessagesAtItsLinks() {
        Peers peers = peers(4);
        NetworkModel network = new NetworkModel(peers, spec());
        // Rows: 1 <- {1, 0}, 2 <- {2, 0}, 0 <- {0, 3}: peer 0 sends twice and receives once.
        SparseMixing plan = new SparseMixing.Builder(3, 6).add(1, 0.5).add(0, 0.5).row(1).add(2, 0.5).add(0, 0.5).row(2)
                .add(0, 0.5).add(3, 0.5).row(0).build();
        Traffic traffic = new Traffic(4);
        double end = network.price(plan, new double[4], new double[4], traffic);
        double zero = Math.max(2 * S / peers.upload(0), S / peers.download(0))
                + Math.max(peers.latency(0), Math.max(peers.latency(1), Math.max(peers.latency(2), peers.latency(3))));
        double one = S / peers.download(1) + Math.max(peers.latency(0), peers.latency(1));
        double two = S / peers.download(2) + Math.max(peers.latency(0), peers.latency(2));
        double three = S / peers.upload(3) + Math.max(peers.latency(0), peers.latency(3));
        assertEquals(Math.max(Math.max(zero, one), Math.max(two, three)), end, 1e-12 * end);
        assertEquals(2 * S, traffic.sent(0), 0);
        assertEquals(S, traffic.sent(3), 0);
        assertEquals(3 * S, traffic.total(), 0);
    }
}
