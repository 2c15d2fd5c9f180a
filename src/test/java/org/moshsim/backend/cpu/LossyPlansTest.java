package org.moshsim.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.moshsim.backend.Snapshot;
import org.moshsim.compress.Codec;
import org.moshsim.compress.Float16;
import org.moshsim.config.FailureSemantics;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.lossy.BernoulliLoss;
import org.moshsim.lossy.GilbertElliottLoss;
import org.moshsim.lossy.LossyAggregation;
import org.moshsim.lossy.LossyLinks;
import org.moshsim.lossy.LossyRound;
import org.moshsim.lossy.PacketLoss;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.Plan;
import org.moshsim.plan.SparseMixing;
import org.moshsim.protocol.Participation;
import org.moshsim.protocol.Protocols;

/** Plans over lossy links on the CPU backend: the exact plan without losses, bias, drift, and thread independence. */
class LossyPlansTest {
    private static final List<LossyAggregation> AGGREGATIONS = List.of(new LossyAggregation.ZeroFill(),
            new LossyAggregation.ReceivedOnly(), new LossyAggregation.Retransmission());

    private static CpuBackend filled(int peers, int dim, ForkJoinPool pool, double mean) {
        CpuBackend backend = new CpuBackend(pool);
        backend.allocate(peers, dim);
        backend.fillNormal(31, mean, 1.0);
        backend.markReference();
        return backend;
    }

    private static LossyRound loss(PacketLoss loss, int packetBytes, LossyAggregation aggregation, int round) {
        return new LossyLinks(loss, packetBytes, aggregation).at(77, round);
    }

    private static Plan plan(String name, int peers, int round) {
        ProtocolSpec spec = switch (name) {
            case "moshpit" -> new ProtocolSpec.Moshpit(name, ProtocolSpec.Variant.GRID, List.of(8, 8));
            case "all-reduce" -> new ProtocolSpec.AllReduce(name);
            case "random-groups" -> new ProtocolSpec.RandomGroups(name, 7);
            case "gossip" -> new ProtocolSpec.Gossip(name, 2);
            default -> new ProtocolSpec.PushSum(name, 2);
        };
        boolean[] live = new boolean[peers];
        Arrays.fill(live, true);
        return Protocols.create(spec, peers, 4).plan(round, new Participation(live, FailureSemantics.EXCLUDE));
    }

    private static Plan with(Plan plan, Codec codec, LossyRound loss) {
        return plan instanceof GroupAveraging g ? g.withCodec(codec).withLoss(loss) : ((SparseMixing) plan).withCodec(codec).withLoss(loss);
    }

    /** Runs three rounds of the protocol (push-sum weights move off 1 after the first), returns the final state. */
    private static Snapshot run(String name, int dim, Codec codec, PacketLoss packetLoss, LossyAggregation aggregation,
                                int packetBytes, ForkJoinPool pool) {
        int peers = 64;
        CpuBackend backend = filled(peers, dim, pool, 0.5);
        for (int round = 0; round < 3; round++) {
            LossyRound loss = packetLoss == null ? null : loss(packetLoss, packetBytes, aggregation, round);
            backend.apply(with(plan(name, peers, round), codec, loss));
        }
        return backend.snapshot();
    }

    /** Without losses, every aggregation gives the exact plan's values and weights to the bit, with or without a codec. */
    @ParameterizedTest(name = "{0}, dim {1}, packet {2}B")
    @CsvSource({"moshpit, 1, 1400", "moshpit, 1000, 1400", "all-reduce, 37, 8", "random-groups, 300, 100",
            "gossip, 1, 1400", "gossip, 700, 1400", "push-sum, 513, 4", "push-sum, 5000, 1400"})
    void withoutLossesEveryAggregationIsTheExactPlan(String name, int dim, int packetBytes) {
        for (Codec codec : Arrays.asList(null, new Float16())) {
            Snapshot exact = run(name, dim, codec, null, null, packetBytes, null);
            for (LossyAggregation aggregation : AGGREGATIONS) {
                Snapshot lossy = run(name, dim, codec, BernoulliLoss.NONE, aggregation, packetBytes, null);
                assertArrayEquals(exact.values(), lossy.values(), aggregation + ", codec " + codec);
                assertArrayEquals(exact.weights(), lossy.weights(), aggregation + ", codec " + codec);
            }
        }
    }

    /** Retransmission resends until everything arrives: the exact plan's values at any loss rate. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"moshpit", "all-reduce", "gossip", "push-sum"})
    void retransmissionIsTheExactPlanAtAnyRate(String name) {
        Snapshot exact = run(name, 300, null, null, null, 40, null);
        for (PacketLoss loss : List.of(new BernoulliLoss(0.3), GilbertElliottLoss.gilbert(0.1, 0.25))) {
            Snapshot resent = run(name, 300, null, loss, new LossyAggregation.Retransmission(), 40, null);
            assertArrayEquals(exact.values(), resent.values());
            assertArrayEquals(exact.weights(), resent.weights());
            Snapshot lost = run(name, 300, null, loss, new LossyAggregation.ReceivedOnly(), 40, null);
            assertFalse(Arrays.equals(exact.values(), lost.values()), "the losses change received-only's values");
        }
    }

    /** The mean over a group's members of (member's value - the exact group mean), over all values. */
    private static double meanDeviation(LossyAggregation aggregation, double rate, double valueMean) {
        int peers = 32;
        int dim = 4096;
        CpuBackend backend = filled(peers, dim, null, valueMean);
        Snapshot before = backend.snapshot();
        int[] members = new int[peers];
        Arrays.setAll(members, i -> i);
        backend.apply(new GroupAveraging(new int[] {0, peers}, members).withLoss(loss(new BernoulliLoss(rate), 4, aggregation, 0)));
        Snapshot after = backend.snapshot();
        double deviation = 0;
        for (int j = 0; j < dim; j++) {
            double exact = 0;
            for (int i = 0; i < peers; i++) {
                exact += before.values()[i * dim + j];
            }
            exact /= peers;
            for (int i = 0; i < peers; i++) {
                deviation += after.values()[i * dim + j] - exact;
            }
        }
        return deviation / ((double) peers * dim);
    }

    /**
     * Received-only group means are unbiased: over the members (each counting its own row, and on average the same
     * share of the others'), the deviation from the exact mean vanishes, even for rows of mean 5 at 20% loss.
     * Zero-fill's shrink toward 0: a member keeps its own row and (1 - p) of the others', so its mean is
     * (1 + (1 - p)(n - 1)) / n of the exact one, which tends to (1 - p), the external aggregator's factor, as n grows.
     */
    @Test
    void receivedOnlyIsUnbiasedAndZeroFillShrinksByOneMinusP() {
        double rate = 0.2;
        int n = 32;
        double mean = 5;
        double receivedOnly = meanDeviation(new LossyAggregation.ReceivedOnly(), rate, mean);
        assertEquals(0, receivedOnly, 0.005, "received-only: unbiased");
        double zeroFill = meanDeviation(new LossyAggregation.ZeroFill(), rate, mean);
        double shrink = (1 + (1 - rate) * (n - 1)) / n;
        assertEquals((shrink - 1) * mean, zeroFill, 0.02, "zero-fill: shrinks by (1 + (1 - p)(n - 1)) / n");
        assertTrue(zeroFill < -0.9, "zero-fill's bias is about -p x mean, far beyond received-only's noise: " + zeroFill);
    }

    /** The members of a group end with one value without losses, with different values (drift) with them. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"zero-fill", "received-only", "retransmission"})
    void membersDriftApartOnlyUnderLoss(String aggregationName) {
        LossyAggregation aggregation = AGGREGATIONS.get(List.of("zero-fill", "received-only", "retransmission").indexOf(aggregationName));
        for (double rate : new double[] {0, 0.1}) {
            int peers = 64;
            CpuBackend backend = filled(peers, 200, null, 0);
            GroupAveraging plan = (GroupAveraging) plan("moshpit", peers, 0);
            backend.apply(plan.withLoss(loss(new BernoulliLoss(rate), 16, aggregation, 0)));
            Snapshot after = backend.snapshot();
            double drift = 0;
            for (int g = 0; g < plan.groupCount(); g++) {
                int[] group = plan.group(g);
                for (int member : group) {
                    for (int j = 0; j < 200; j++) {
                        double d = after.values()[member * 200 + j] - after.values()[group[0] * 200 + j];
                        drift += d * d;
                    }
                }
            }
            boolean drifts = rate > 0 && !(aggregation instanceof LossyAggregation.Retransmission);
            assertEquals(drifts, drift > 0, "rate " + rate + ": drift " + drift);
        }
    }

    /**
     * Received-only mixing when every other packet is lost: each row keeps exactly its own de-biased estimate, the
     * push-sum weights mix exactly (their sum stays N), and zero-fill loses the others' mass.
     */
    @Test
    void mixingWithOnlyTheOwnRowArriving() {
        int peers = 64;
        int dim = 50;
        PacketLoss everything = new BernoulliLoss(Math.nextDown(1.0));
        CpuBackend backend = filled(peers, dim, null, 1);
        backend.apply(plan("push-sum", peers, 0)); // weights off 1
        Snapshot before = backend.snapshot();
        backend.apply(with(plan("push-sum", peers, 1), null, loss(everything, 40, new LossyAggregation.ReceivedOnly(), 1)));
        Snapshot after = backend.snapshot();
        double weights = 0;
        for (int i = 0; i < peers; i++) {
            weights += after.weights()[i];
            for (int j = 0; j < dim; j++) {
                double estimate = before.values()[i * dim + j] / before.weights()[i];
                assertEquals(estimate, after.values()[i * dim + j] / after.weights()[i], 1e-5 * Math.abs(estimate) + 1e-6);
            }
        }
        assertEquals(peers, weights, 1e-9, "push-sum weights keep their mass");
        CpuBackend zeroFill = filled(peers, dim, null, 1);
        zeroFill.apply(with(plan("gossip", peers, 0), null, loss(everything, 40, new LossyAggregation.ZeroFill(), 0)));
        Snapshot kept = zeroFill.snapshot();
        Snapshot start = filled(peers, dim, null, 1).snapshot();
        SparseMixing gossip = (SparseMixing) plan("gossip", peers, 0);
        for (int r = 0; r < gossip.rows().length; r++) {
            int peer = gossip.rows()[r];
            double own = 0;
            for (int k = gossip.offsets()[r]; k < gossip.offsets()[r + 1]; k++) {
                own += gossip.sources()[k] == peer ? gossip.weights()[k] : 0;
            }
            assertEquals((float) (own * start.values()[peer * dim]), kept.values()[peer * dim], 1e-6, "zero-fill keeps only its own share");
        }
    }

    /** Lossy plans give the same bits on one thread and on four, for both loss models. */
    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"moshpit, zero-fill", "moshpit, received-only", "all-reduce, received-only", "random-groups, zero-fill",
            "gossip, received-only", "push-sum, zero-fill", "push-sum, received-only"})
    void threadsDoNotChangeTheResult(String name, String aggregationName) {
        LossyAggregation aggregation = aggregationName.equals("zero-fill") ? new LossyAggregation.ZeroFill()
                : new LossyAggregation.ReceivedOnly();
        ForkJoinPool pool = new ForkJoinPool(4);
        try {
            for (PacketLoss loss : List.of(new BernoulliLoss(0.1), GilbertElliottLoss.gilbert(0.05, 0.3))) {
                Snapshot one = run(name, 9000, new Float16(), loss, aggregation, 1400, null);
                Snapshot four = run(name, 9000, new Float16(), loss, aggregation, 1400, pool);
                assertArrayEquals(one.values(), four.values());
                assertArrayEquals(one.weights(), four.weights());
                assertNotEquals(0, Arrays.hashCode(one.values()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Group plans against each member's own mean written out directly: the float64 sum over its group's rows in member
     * order, skipping the packets its links lost, over the group size (zero-fill) or the rows that arrived
     * (received-only). The shared running sums must give exactly these bits, failed groups untouched.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"zero-fill, bernoulli", "received-only, bernoulli", "zero-fill, gilbert", "received-only, gilbert"})
    void groupMeansAreEachMembersOwnSumOfWhatArrived(String aggregationName, String lossName) {
        LossyAggregation aggregation = aggregationName.equals("zero-fill") ? new LossyAggregation.ZeroFill()
                : new LossyAggregation.ReceivedOnly();
        PacketLoss packetLoss = lossName.equals("bernoulli") ? new BernoulliLoss(0.2) : GilbertElliottLoss.gilbert(0.1, 0.3);
        int peers = 40;
        int dim = 23;
        // Groups of 1, 2, 5, 12 and 20 members in shuffled order; the group of 5 fails.
        int[] members = {7, 3, 0, 39, 11, 25, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 26, 27,
            28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38};
        int[] offsets = {0, 1, 3, 8, 20, 40};
        boolean[] failed = {false, false, true, false, false};
        LossyRound loss = loss(packetLoss, 12, aggregation, 5);
        GroupAveraging plan = new GroupAveraging(offsets, members, GroupAveraging.Collective.BUTTERFLY, failed).withLoss(loss);
        ForkJoinPool pool = new ForkJoinPool(3);
        CpuBackend backend = filled(peers, dim, pool, 0.5);
        float[] before = backend.snapshot().values();
        backend.apply(plan);
        float[] after = backend.snapshot().values();
        pool.shutdownNow();
        int perPacket = 3;
        int packets = (dim + perPacket - 1) / perPacket;
        for (int g = 0; g < failed.length; g++) {
            for (int i = offsets[g]; i < offsets[g + 1]; i++) {
                int receiver = members[i];
                float[] expected = new float[dim];
                if (failed[g]) {
                    System.arraycopy(before, receiver * dim, expected, 0, dim);
                } else {
                    double[] sum = new double[dim];
                    int[] arrived = new int[packets];
                    for (int k = offsets[g]; k < offsets[g + 1]; k++) {
                        int sender = members[k];
                        boolean[] lostPackets = sender == receiver ? new boolean[packets]
                                : packetLoss.lost(77, sender, receiver, 5, packets);
                        for (int p = 0; p < packets; p++) {
                            if (lostPackets[p]) {
                                continue;
                            }
                            for (int j = p * perPacket; j < Math.min(dim, (p + 1) * perPacket); j++) {
                                sum[j] = arrived[p] == 0 ? before[sender * dim + j] : sum[j] + before[sender * dim + j];
                            }
                            arrived[p]++;
                        }
                    }
                    for (int j = 0; j < dim; j++) {
                        double divisor = aggregation instanceof LossyAggregation.ZeroFill ? offsets[g + 1] - offsets[g] : arrived[j / perPacket];
                        expected[j] = (float) (sum[j] / divisor);
                    }
                }
                assertArrayEquals(expected, Arrays.copyOfRange(after, receiver * dim, (receiver + 1) * dim), "peer " + receiver);
            }
        }
        assertNotEquals(Arrays.hashCode(before), Arrays.hashCode(after));
    }
}
