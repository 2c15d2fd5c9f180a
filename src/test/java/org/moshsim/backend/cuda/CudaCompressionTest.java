package org.moshsim.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.moshsim.backend.Backend;
import org.moshsim.backend.Snapshot;
import org.moshsim.backend.cpu.CpuBackend;
import org.moshsim.compress.Blockwise8Bit;
import org.moshsim.compress.Codec;
import org.moshsim.compress.Float16;
import org.moshsim.compress.GroupQuantizer;
import org.moshsim.config.FailureSemantics;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.Plan;
import org.moshsim.plan.SparseMixing;
import org.moshsim.protocol.Participation;
import org.moshsim.protocol.Protocol;
import org.moshsim.protocol.Protocols;
import org.moshsim.swarm.BernoulliDropout;

/**
 * Compressed plans on the GPU against the CPU, for every codec and plan type. The device round trips repeat the Java
 * codecs' arithmetic, so the decoded rows agree to the bit and the averages as closely as uncompressed ones do.
 * Skipped, with the reason, where no GPU is usable.
 */
class CudaCompressionTest extends GpuBackendTest {
    private static Codec codec(String name) {
        return switch (name) {
            case "float16" -> new Float16();
            case "int8-block64" -> new Blockwise8Bit(64);
            case "int8-block7" -> new Blockwise8Bit(7);
            case "int4-g128" -> new GroupQuantizer(4, 128);
            case "int3-g5" -> new GroupQuantizer(3, 5);
            default -> new GroupQuantizer(8, 128);
        };
    }

    /** Plans of the real protocols with a codec, applied round after round on both backends (dim 4k: group_average4). */
    @ParameterizedTest(name = "{0}, {1} x {2}, {3}")
    @CsvSource({
        "float16, 64, 300, moshpit", "float16, 64, 256, all-reduce", "float16, 64, 33, gossip", "float16, 64, 8, push-sum",
        "int8-block64, 64, 300, moshpit", "int8-block7, 100, 64, random-groups", "int8-block64, 64, 130, gossip",
        "int8-block64, 64, 1000, push-sum", "int4-g128, 64, 4097, moshpit", "int4-g128, 60, 256, all-reduce",
        "int3-g5, 64, 33, gossip", "int8-g128, 64, 300, push-sum", "int8-g128, 64, 1, moshpit"})
    void compressedPlansMatchTheCpu(String codecName, int peers, int dim, String protocol) {
        Codec codec = codec(codecName);
        Backend cpu = new CpuBackend(null);
        cpu.allocate(peers, dim);
        cpu.fillNormal(5, 0.5, 2.0);
        cpu.markReference();
        gpu.allocate(peers, dim);
        gpu.poison();
        gpu.upload(cpu.snapshot()); // the same bits to start from: a quantiser's code may flip on one ulp
        gpu.markReference();
        Protocol protocolForCpu = Protocols.create(spec(protocol), peers, 9);
        Protocol protocolForGpu = Protocols.create(spec(protocol), peers, 9);
        BernoulliDropout dropout = new BernoulliDropout(0.1, 9);
        boolean[] live = new boolean[peers];
        for (int round = 0; round < 6; round++) {
            dropout.sample(round, live);
            Participation participation = new Participation(live, FailureSemantics.EXCLUDE);
            cpu.apply(compressed(protocolForCpu.plan(round, participation), codec));
            gpu.apply(compressed(protocolForGpu.plan(round, participation), codec));
            String what = codecName + " " + protocol + " round " + round;
            // The decoded rows agree to the bit and the sums run in the same order, so the values do too.
            assertBitsEqual(cpu.snapshot(), gpu.snapshot(), what);
            CudaBackendTest.assertValuesClose(cpu.snapshot(), gpu.snapshot(), what);
            CudaBackendTest.assertReductionClose(cpu.meanSquaredError(), gpu.meanSquaredError(), what + " mse");
        }
    }

    private static Plan compressed(Plan plan, Codec codec) {
        return plan instanceof GroupAveraging groups ? groups.withCodec(codec) : ((SparseMixing) plan).withCodec(codec);
    }

    private static void assertBitsEqual(Snapshot expected, Snapshot actual, String what) {
        for (int i = 0; i < expected.values().length; i++) {
            assertEquals(Float.floatToIntBits(expected.values()[i]), Float.floatToIntBits(actual.values()[i]),
                    what + ": value " + i + " is " + actual.values()[i] + ", expected " + expected.values()[i]);
        }
    }
}
