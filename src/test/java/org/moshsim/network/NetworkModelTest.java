package org.moshsim.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.moshsim.compress.Blockwise8Bit;
import org.moshsim.compress.Codec;
import org.moshsim.compress.Float16;
import org.moshsim.compress.GroupQuantizer;
import org.moshsim.config.Dist;
import org.moshsim.config.NetworkSpec;
import org.moshsim.config.SwarmSpec;
import org.moshsim.lossy.BernoulliLoss;
import org.moshsim.lossy.LossyAggregation;
import org.moshsim.lossy.LossyLinks;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.SparseMixing;
import org.moshsim.swarm.Peers;

/** The network model's prices against their closed forms. */
class NetworkModelTest {
    private static final double GBIT = 1e9 / 8;
    private static final double PAYLOAD = 100e6;

    private static NetworkModel model(int n, double bandwidth, double latency, double matchmaking) {
        SwarmSpec swarm = new SwarmSpec(List.of(new SwarmSpec.Profile("p", 1, new Dist.Constant(bandwidth), new Dist.Constant(bandwidth),
                new Dist.Constant(latency), new Dist.Constant(1))));
        return new NetworkModel(Peers.draw(swarm, n, 1), new NetworkSpec(PAYLOAD, new Dist.Constant(0), matchmaking, 7));
    }

    /** AD-PSGD's exchange between peers a and b. */
    private static GroupAveraging pair(int a, int b) {
        return new GroupAveraging(new int[] {0, 2}, new int[] {a, b}, GroupAveraging.Collective.PAIRWISE, null);
    }

    /** The seconds of a plan whose members are all ready at 0. */
    private static double seconds(NetworkModel network, org.moshsim.plan.Plan plan, int peers, Traffic traffic) {
        return network.price(plan, new double[peers], new double[1], traffic);
    }

    private static GroupAveraging everyone(int n, GroupAveraging.Collective collective, boolean failed) {
        int[] members = new int[n];
        Arrays.setAll(members, i -> i);
        return new GroupAveraging(new int[] {0, n}, members, collective, failed ? new boolean[] {true} : null);
    }

    /** Ring all-reduce: 2(n - 1)/n S / B + 2(n - 1) latencies, each peer sending 2(n - 1)/n S. */
    @Test
    void ringAllReduce() {
        int n = 64;
        NetworkModel network = model(n, GBIT, 0.003, 0.5);
        Traffic traffic = new Traffic(n);
        double[] ready = new double[n];
        ready[5] = 0.25;
        double end = network.price(everyone(n, GroupAveraging.Collective.RING, false), ready, new double[1], traffic);
        double expected = 0.25 + 2.0 * (n - 1) / n * PAYLOAD / GBIT + 2.0 * (n - 1) * 0.003;
        assertEquals(expected, end, 1e-9 * expected);
        assertEquals(2.0 * (n - 1) / n * PAYLOAD, traffic.busiest(), 1e-6);
        assertEquals(2.0 * (n - 1) * PAYLOAD, traffic.total(), 1e-3);
        double retry = network.price(everyone(n, GroupAveraging.Collective.RING, true), new double[n], new double[1], traffic);
        assertEquals(expected - 0.25, retry, 1e-9 * expected, "a failed attempt costs a whole one");
    }

    /** Butterfly in a group of equal links: matchmaking, then S (2n - 2)/(n B) and two latencies. */
    @Test
    void butterflyInAGroup() {
        int n = 32;
        NetworkModel network = model(1024, GBIT, 0.002, 0.5);
        double matchmaking = 0.5 + 10 * 2 * 0.002;
        assertEquals(matchmaking, network.matchmaking(), 1e-12, "window + log2(1024) lookup hops of one round trip");
        Traffic traffic = new Traffic(1024);
        double[] groupEnd = new double[1];
        double end = network.price(everyone(n, GroupAveraging.Collective.BUTTERFLY, false), new double[1024], groupEnd, traffic);
        double expected = matchmaking + PAYLOAD * (2.0 * n - 2) / (n * GBIT) + 2 * 0.002;
        assertEquals(expected, end, 1e-12 * expected);
        assertEquals(2.0 * (n - 1) * PAYLOAD, traffic.total(), 1e-3);
        double failed = network.price(everyone(n, GroupAveraging.Collective.BUTTERFLY, true), new double[1024], groupEnd, traffic);
        assertEquals(matchmaking + 7, failed, 1e-12, "a member failing mid-exchange costs the group the timeout");
    }

    /** Two peers: each sends its whole vector at the slower link; the same for AD-PSGD's pairwise exchange. */
    @Test
    void twoPeerExchange() {
        SwarmSpec swarm = new SwarmSpec(List.of(
                new SwarmSpec.Profile("fast", 0.5, new Dist.Constant(GBIT), new Dist.Constant(GBIT), new Dist.Constant(0.001), new Dist.Constant(1)),
                new SwarmSpec.Profile("slow", 0.5, new Dist.Constant(GBIT / 10), new Dist.Constant(GBIT / 10), new Dist.Constant(0.004),
                        new Dist.Constant(1))));
        Peers peers = Peers.draw(swarm, 2, 3);
        NetworkModel network = NetworkModel.withWindows(peers, new NetworkSpec(PAYLOAD, new Dist.Constant(0), 0, 5));
        Traffic traffic = new Traffic(2);
        double seconds = seconds(network, everyone(2, GroupAveraging.Collective.BUTTERFLY, false), 2, traffic);
        assertEquals(PAYLOAD / (GBIT / 10) + 2 * 0.004, seconds, 1e-9);
        assertEquals(PAYLOAD, traffic.sent(0), 1e-6);
        assertEquals(PAYLOAD, traffic.sent(1), 1e-6);
        assertEquals(PAYLOAD / (GBIT / 10) + 0.004, seconds(network, pair(0, 1), 2, new Traffic(2)), 1e-9);
    }

    /** Ring gossip with one neighbour on each side: every peer sends its vector twice and receives two. */
    @Test
    void gossipExchange() {
        int n = 16;
        NetworkModel network = model(n, GBIT, 0.001, 0);
        SparseMixing.Builder matrix = new SparseMixing.Builder(n, 3 * n);
        for (int i = 0; i < n; i++) {
            matrix.add((i + n - 1) % n, 1 / 3.0).add(i, 1 / 3.0).add((i + 1) % n, 1 / 3.0).row(i);
        }
        Traffic traffic = new Traffic(n);
        double[] ready = new double[n];
        ready[3] = 1.0;
        double end = network.price(matrix.build(), ready, new double[n], traffic);
        assertEquals(1.0 + 0.001 + 2 * PAYLOAD / GBIT, end, 1e-9, "peer 3's neighbours wait for it");
        assertEquals(2 * PAYLOAD, traffic.busiest(), 1e-6);
        assertEquals(2 * n * PAYLOAD, traffic.total(), 1e-3);
    }

    /**
     * A codec shrinks every averaging's bytes, and on equal links without latency its seconds, by codec.bytes(P) / 4P
     * for the modelled P = S / 4 parameters: ring, butterfly, gossip, AD-PSGD alike. A joining peer's download stays exact.
     */
    @Test
    void compressedPlansMoveTheCodecsBytes() {
        int n = 16;
        NetworkModel network = model(n, GBIT, 0, 0);
        SparseMixing.Builder matrix = new SparseMixing.Builder(n, 3 * n);
        for (int i = 0; i < n; i++) {
            matrix.add((i + n - 1) % n, 1 / 3.0).add(i, 1 / 3.0).add((i + 1) % n, 1 / 3.0).row(i);
        }
        SparseMixing gossip = matrix.build();
        for (Codec codec : List.of(new Float16(), new Blockwise8Bit(64), new GroupQuantizer(4, 128), new GroupQuantizer(8, 100))) {
            double ratio = codec.bytes(25_000_000) / PAYLOAD;
            assertEquals(codec.bytes(25_000_000), network.payload(codec), 0);
            for (var plan : List.of(everyone(n, GroupAveraging.Collective.RING, false), everyone(n, GroupAveraging.Collective.BUTTERFLY,
                    false), gossip)) {
                Traffic exact = new Traffic(n);
                Traffic compressed = new Traffic(n);
                double seconds = network.price(plan, new double[n], new double[1], exact);
                var withCodec = plan instanceof GroupAveraging groups ? groups.withCodec(codec) : gossip.withCodec(codec);
                double compressedSeconds = network.price(withCodec, new double[n], new double[1], compressed);
                assertEquals(ratio * exact.total(), compressed.total(), 1e-9 * exact.total(), codec.name() + " " + plan);
                assertEquals(ratio * seconds, compressedSeconds, 1e-12 * seconds, codec.name() + " " + plan);
            }
            Traffic pair = new Traffic(n);
            assertEquals(ratio * seconds(network, pair(0, 1), n, new Traffic(n)), seconds(network, pair(0, 1).withCodec(codec), n, pair),
                    1e-15);
            assertEquals(2 * codec.bytes(25_000_000), pair.total(), 1e-6);
            Traffic download = new Traffic(n);
            network.transfer(0, 1, PAYLOAD, download);
            assertEquals(PAYLOAD, download.total(), 0, "a download is the bytes asked for, whatever the codec");
        }
        // Beyond an int's reach (16 GB of float32), the ratio of 2^30 parameters.
        NetworkModel huge = new NetworkModel(Peers.draw(SwarmSpec.DEFAULT, 2, 1), new NetworkSpec(16e9, new Dist.Constant(0), 0, 5));
        assertEquals(8e9, huge.payload(new Float16()), 0);
        assertEquals(4e9 * (0.5 + 8.0 / 128), huge.payload(new GroupQuantizer(4, 128)), 1);
    }

    private static List<Object> plans(int n) {
        SparseMixing.Builder matrix = new SparseMixing.Builder(n, 3 * n);
        for (int i = 0; i < n; i++) {
            matrix.add((i + n - 1) % n, 1 / 3.0).add(i, 1 / 3.0).add((i + 1) % n, 1 / 3.0).row(i);
        }
        return List.of(everyone(n, GroupAveraging.Collective.RING, false), everyone(n, GroupAveraging.Collective.BUTTERFLY, false),
                matrix.build());
    }

    private static org.moshsim.plan.Plan lossy(Object plan, LossyLinks links) {
        return plan instanceof GroupAveraging g ? g.withLoss(links.at(1, 0)) : ((SparseMixing) plan).withLoss(links.at(1, 0));
    }

    /**
     * Zero-fill and received-only cost what lossless links cost; retransmission sends 1 / (1 - p) of the bytes and pays
     * every latency once per expected pass, so it costs more at any p > 0 and the same at p = 0.
     */
    @Test
    void retransmissionCostsSendsAndPassesLossyMethodsCostNothing() {
        int n = 16;
        NetworkModel network = model(n, GBIT, 0.004, 0.5);
        double p = 0.1;
        for (Object plan : plans(n)) {
            Traffic exact = new Traffic(n);
            double seconds = network.price((org.moshsim.plan.Plan) plan, new double[n], new double[1], exact);
            for (LossyAggregation aggregation : List.of(new LossyAggregation.ZeroFill(), new LossyAggregation.ReceivedOnly())) {
                Traffic lossy = new Traffic(n);
                assertEquals(seconds, network.price(lossy(plan, new LossyLinks(new BernoulliLoss(p), 1400, aggregation)),
                        new double[n], new double[1], lossy), 0, aggregation + " " + plan);
                assertEquals(exact.total(), lossy.total(), 0);
            }
            Traffic free = new Traffic(n);
            LossyLinks lossless = new LossyLinks(BernoulliLoss.NONE, 1400, new LossyAggregation.Retransmission());
            assertEquals(seconds, network.price(lossy(plan, lossless), new double[n], new double[1], free), 1e-12 * seconds);
            Traffic resent = new Traffic(n);
            LossyLinks links = new LossyLinks(new BernoulliLoss(p), 1400, new LossyAggregation.Retransmission());
            double resentSeconds = network.price(lossy(plan, links), new double[n], new double[1], resent);
            assertEquals(exact.total() / (1 - p), resent.total(), 1e-9 * exact.total(), "1 / (1 - p) sends per packet");
            assertTrue(resentSeconds > seconds, "more bytes and more latencies: " + resentSeconds + " vs " + seconds);
            if (plan instanceof GroupAveraging g && g.collective() == GroupAveraging.Collective.RING) {
                double step = PAYLOAD / (1 - p) / (n * GBIT) + 0.004 * network.passes(links, PAYLOAD / n);
                assertEquals(2.0 * (n - 1) * step, resentSeconds, 1e-9, "each ring step: its bytes resent, a latency per pass");
            }
        }
        Traffic pair = new Traffic(n);
        LossyLinks links = new LossyLinks(new BernoulliLoss(p), 1400, new LossyAggregation.Retransmission());
        assertTrue(seconds(network, pair(0, 1).withLoss(links.at(1, 0)), n, pair) > seconds(network, pair(0, 1), n, new Traffic(n)));
        assertEquals(2 * PAYLOAD / (1 - p), pair.total(), 1e-3);
    }

    /**
     * Expected passes: one packet needs a geometric number of tries, 1 / (1 - p) on average; m packets need the largest
     * of m, which grows like log(m) / log(1 / p); no loss, one pass.
     */
    @Test
    void retransmissionPassesAreTheExpectedLargestOfGeometricTries() {
        NetworkModel network = model(2, GBIT, 0, 0);
        LossyLinks links = new LossyLinks(new BernoulliLoss(0.2), 1000, new LossyAggregation.Retransmission());
        assertEquals(1 / 0.8, network.passes(links, 1000), 1e-12);
        // Two packets: E[max] = sum_t 1 - (1 - 0.2^t)^2 = 1 + sum_{t >= 1} (2 (0.2)^t - (0.04)^t) = 1 + 0.5 - 1 / 24.
        assertEquals(1 + 0.5 - 1 / 24.0, network.passes(links, 2000), 1e-12);
        double many = network.passes(links, 1e8);
        assertTrue(many > 1 + Math.log(1e5) / Math.log(5) - 1 && many < 2 + Math.log(1e5) / Math.log(5), "log growth: " + many);
        assertEquals(1, network.passes(new LossyLinks(BernoulliLoss.NONE, 1000, new LossyAggregation.Retransmission()), 1e8), 0);
        assertEquals(1, network.passes(new LossyLinks(new BernoulliLoss(0.2), 1000, new LossyAggregation.ZeroFill()), 1e8), 0);
    }
}
