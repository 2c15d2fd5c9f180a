package org.moshsim.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.moshsim.backend.Snapshot;
import org.moshsim.compress.Blockwise8Bit;
import org.moshsim.compress.Codec;
import org.moshsim.compress.Float16;
import org.moshsim.compress.GroupQuantizer;
import org.moshsim.config.FailureSemantics;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.Plan;
import org.moshsim.plan.SparseMixing;
import org.moshsim.protocol.Participation;
import org.moshsim.protocol.Protocol;
import org.moshsim.protocol.Protocols;

/** Plans with a codec on the CPU backend: what each member receives, to the bit, and independence of threads. */
class CompressedPlansTest {
    static final List<Codec> CODECS = List.of(new Float16(), new Blockwise8Bit(64), new GroupQuantizer(8, 128),
            new GroupQuantizer(4, 128), new GroupQuantizer(3, 7));

    private static CpuBackend filled(int peers, int dim, ForkJoinPool pool) {
        CpuBackend backend = new CpuBackend(pool);
        backend.allocate(peers, dim);
        backend.fillNormal(23, 0.5, 2.0);
        backend.markReference();
        return backend;
    }

    private static float[] decoded(Codec codec, Snapshot snapshot, int peer) {
        float[] out = new float[snapshot.dim()];
        codec.roundTrip(snapshot.values(), peer * snapshot.dim(), snapshot.dim(), out, 0);
        return out;
    }

    private static Protocol protocol(String name, int peers) {
        ProtocolSpec spec = switch (name) {
            case "moshpit" -> new ProtocolSpec.Moshpit(name, ProtocolSpec.Variant.GRID, List.of(8, 8, 8));
            case "all-reduce" -> new ProtocolSpec.AllReduce(name);
            case "gossip" -> new ProtocolSpec.Gossip(name, 2);
            case "random-groups" -> new ProtocolSpec.RandomGroups(name, 7);
            default -> new ProtocolSpec.PushSum(name, 2);
        };
        return Protocols.create(spec, peers, 4);
    }

    private static Participation everyone(int peers) {
        boolean[] live = new boolean[peers];
        Arrays.fill(live, true);
        return new Participation(live, FailureSemantics.EXCLUDE);
    }

    /**
     * With float16, one Moshpit or all-reduce round gives every member exactly the float64 mean, in member order, of
     * the members' float16-rounded rows (their own included), so all members agree; weights stay exactly 1.
     */
    @ParameterizedTest(name = "{0}, dim {1}")
    @CsvSource({"moshpit, 1", "moshpit, 37", "all-reduce, 5", "all-reduce, 4100"})
    void float16RoundGivesTheMeanOfTheRoundedRows(String name, int dim) {
        int peers = 512;
        CpuBackend backend = filled(peers, dim, null);
        Snapshot before = backend.snapshot();
        GroupAveraging plan = ((GroupAveraging) protocol(name, peers).plan(0, everyone(peers))).withCodec(new Float16());
        backend.apply(plan);
        Snapshot after = backend.snapshot();
        for (int g = 0; g < plan.groupCount(); g++) {
            int[] members = plan.group(g);
            double[] sum = new double[dim];
            for (int peer : members) {
                float[] sent = decoded(new Float16(), before, peer);
                for (int j = 0; j < dim; j++) {
                    assertEquals(Float16.round(before.values()[peer * dim + j]), sent[j]);
                    sum[j] += sent[j];
                }
            }
            for (int peer : members) {
                for (int j = 0; j < dim; j++) {
                    assertEquals(Float.floatToIntBits((float) (sum[j] / members.length)),
                            Float.floatToIntBits(after.values()[peer * dim + j]), "group " + g + ", peer " + peer + ", value " + j);
                }
                assertEquals(1.0, after.weights()[peer]);
            }
        }
    }

    /** Gossip and push-sum: other peers' rows arrive decoded, the peer's own row enters exactly; weights exact. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"gossip", "push-sum"})
    void mixingReadsOthersDecodedAndItsOwnRowExact(String name) {
        int peers = 64;
        int dim = 300;
        Codec codec = new GroupQuantizer(4, 32);
        CpuBackend backend = filled(peers, dim, null);
        Protocol protocol = protocol(name, peers);
        backend.apply(protocol.plan(0, everyone(peers))); // push-sum weights now differ from 1
        Snapshot before = backend.snapshot();
        SparseMixing plan = ((SparseMixing) protocol.plan(1, everyone(peers))).withCodec(codec);
        backend.apply(plan);
        Snapshot after = backend.snapshot();
        for (int r = 0; r < plan.rows().length; r++) {
            int row = plan.rows()[r];
            double[] sum = new double[dim];
            double weight = 0;
            for (int k = plan.offsets()[r]; k < plan.offsets()[r + 1]; k++) {
                int source = plan.sources()[k];
                float[] sent = source == row ? Arrays.copyOfRange(before.values(), source * dim, source * dim + dim)
                        : decoded(codec, before, source);
                for (int j = 0; j < dim; j++) {
                    sum[j] += plan.weights()[k] * sent[j];
                }
                weight += plan.weights()[k] * before.weights()[source];
            }
            for (int j = 0; j < dim; j++) {
                assertEquals((float) sum[j], after.values()[row * dim + j], "row " + row + ", value " + j);
            }
            assertEquals(weight, after.weights()[row], "row " + row + "'s weight");
        }
    }

    /** Every codec and plan type, with failed groups, on one thread and on three: the same bits. */
    @Test
    void compressedPlansDoNotDependOnThreads() {
        int peers = 512;
        int dim = 4500; // two column blocks, and rows whose blocks and groups straddle them
        boolean[] live = new boolean[peers];
        for (int i = 0; i < peers; i++) {
            live[i] = i % 13 != 5;
        }
        ForkJoinPool pool = new ForkJoinPool(3);
        try {
            for (Codec codec : CODECS) {
                for (String name : List.of("moshpit", "random-groups", "gossip", "push-sum")) {
                    CpuBackend serial = filled(peers, dim, null);
                    CpuBackend parallel = filled(peers, dim, pool);
                    Protocol protocol = protocol(name, peers);
                    Snapshot start = serial.snapshot();
                    for (int round = 0; round < 2; round++) {
                        Plan plan = protocol.plan(round, new Participation(live, FailureSemantics.VOID));
                        plan = plan instanceof GroupAveraging g ? g.withCodec(codec) : ((SparseMixing) plan).withCodec(codec);
                        serial.apply(plan);
                        parallel.apply(plan);
                    }
                    Snapshot one = serial.snapshot();
                    Snapshot three = parallel.snapshot();
                    assertArrayEquals(one.values(), three.values(), codec.name() + " " + name);
                    assertArrayEquals(one.weights(), three.weights(), codec.name() + " " + name);
                    assertNotEquals(Arrays.hashCode(start.values()), Arrays.hashCode(one.values()), "the plans changed something");
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    /** A plan without a codec is unchanged by this feature: the same bits as before (the exact means). */
    @Test
    void withoutACodecPlansStayExact() {
        int peers = 512;
        CpuBackend exact = filled(peers, 33, null);
        CpuBackend none = filled(peers, 33, null);
        GroupAveraging plan = (GroupAveraging) protocol("moshpit", peers).plan(0, everyone(peers));
        exact.apply(plan);
        none.apply(plan.withCodec(null));
        assertArrayEquals(exact.snapshot().values(), none.snapshot().values());
        CpuBackend compressed = filled(peers, 33, null);
        compressed.apply(plan.withCodec(new GroupQuantizer(4, 128)));
        assertNotEquals(Arrays.hashCode(exact.snapshot().values()), Arrays.hashCode(compressed.snapshot().values()));
    }
}
