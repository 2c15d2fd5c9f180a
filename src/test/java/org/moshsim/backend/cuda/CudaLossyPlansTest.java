package org.moshsim.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.moshsim.backend.Backend;
import org.moshsim.backend.Snapshot;
import org.moshsim.backend.cpu.CpuBackend;
import org.moshsim.compress.Blockwise8Bit;
import org.moshsim.compress.Codec;
import org.moshsim.config.FailureSemantics;
import org.moshsim.lossy.BernoulliLoss;
import org.moshsim.lossy.GilbertElliottLoss;
import org.moshsim.lossy.LossyAggregation;
import org.moshsim.lossy.LossyLinks;
import org.moshsim.lossy.PacketLoss;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.Plan;
import org.moshsim.plan.SparseMixing;
import org.moshsim.protocol.Participation;
import org.moshsim.protocol.Protocol;
import org.moshsim.protocol.Protocols;
import org.moshsim.swarm.BernoulliDropout;

/**
 * Plans over lossy links on the GPU against the CPU, bit for bit (values and push-sum weights), for every protocol,
 * aggregation, loss process, with and without a codec, round after round from the same start. The packets' fates are
 * the CPU's own (decided on the host) and the kernels repeat the CPU's float64 sums in order, so nothing may differ.
 * Skipped, with the reason, where no GPU is usable.
 */
class CudaLossyPlansTest extends GpuBackendTest {
    /** Protocol, dim, packet bytes: one packet per row, a few, and more than 32 (several words per link). */
    private static final Object[][] SHAPES = {
        {"moshpit", 300, 40}, {"moshpit", 1, 1400}, {"all-reduce", 130, 16}, {"random-groups", 1000, 28},
        {"gossip", 257, 12}, {"gossip", 64, 1400}, {"push-sum", 300, 40}, {"push-sum", 1000, 4}};

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Object[] shape : SHAPES) {
            for (String aggregation : List.of("zero-fill", "received-only", "retransmission")) {
                for (String loss : List.of("bernoulli", "gilbert")) {
                    for (String codec : List.of("none", "int8-block64")) {
                        cases.add(Arguments.of(shape[0], shape[1], shape[2], aggregation, loss, codec));
                    }
                }
            }
        }
        return cases.stream();
    }

    private static LossyAggregation aggregation(String name) {
        return switch (name) {
            case "zero-fill" -> new LossyAggregation.ZeroFill();
            case "received-only" -> new LossyAggregation.ReceivedOnly();
            default -> new LossyAggregation.Retransmission();
        };
    }

    private static PacketLoss loss(String name) {
        // Heavy losses, so that received-only also meets packets that nothing reached.
        return name.equals("gilbert") ? GilbertElliottLoss.gilbert(0.2, 0.3) : new BernoulliLoss(0.3);
    }

    /** Six rounds with dropouts (failed groups) on both backends; after each, the same bits. */
    @ParameterizedTest(name = "{0}, dim {1}, {2}B packets, {3}, {4}, codec {5}")
    @MethodSource("cases")
    void lossyPlansMatchTheCpuToTheBit(String protocol, int dim, int packetBytes, String aggregation, String loss,
                                        String codecName) {
        int peers = 64;
        Codec codec = codecName.equals("none") ? null : new Blockwise8Bit(64);
        LossyLinks links = new LossyLinks(loss(loss), packetBytes, aggregation(aggregation));
        Backend cpu = new CpuBackend(null);
        cpu.allocate(peers, dim);
        cpu.fillNormal(5, 0.5, 2.0);
        cpu.markReference();
        Snapshot start = cpu.snapshot();
        gpu.allocate(peers, dim);
        gpu.poison();
        gpu.upload(start);
        Protocol protocolForCpu = Protocols.create(spec(protocol), peers, 9);
        Protocol protocolForGpu = Protocols.create(spec(protocol), peers, 9);
        // One ring of all 64 peers fails whenever anyone drops out: at 10% it would fail every round and change nothing.
        BernoulliDropout dropout = new BernoulliDropout(protocol.equals("all-reduce") ? 0.01 : 0.1, 9);
        boolean[] live = new boolean[peers];
        for (int round = 0; round < 6; round++) {
            dropout.sample(round, live);
            Participation participation = new Participation(live, FailureSemantics.EXCLUDE);
            cpu.apply(lossy(protocolForCpu.plan(round, participation), codec, links, round));
            gpu.apply(lossy(protocolForGpu.plan(round, participation), codec, links, round));
            Snapshot expected = cpu.snapshot();
            Snapshot actual = gpu.snapshot();
            String what = protocol + " " + aggregation + " " + loss + " codec " + codecName + " round " + round;
            assertArrayEquals(expected.values(), actual.values(), what + ": values");
            assertArrayEquals(expected.weights(), actual.weights(), what + ": weights");
        }
        assertFalse(Arrays.equals(start.values(), cpu.snapshot().values()), "the plans change the values");
    }

    private static Plan lossy(Plan plan, Codec codec, LossyLinks links, int round) {
        return plan instanceof GroupAveraging groups ? groups.withCodec(codec).withLoss(links.at(77, round))
                : ((SparseMixing) plan).withCodec(codec).withLoss(links.at(77, round));
    }
}
