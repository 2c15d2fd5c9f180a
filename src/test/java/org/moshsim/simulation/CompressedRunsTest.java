package org.moshsim.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.moshsim.backend.cpu.CpuBackend;
import org.moshsim.compress.Codec;
import org.moshsim.compress.Float16;
import org.moshsim.compress.GroupQuantizer;
import org.moshsim.config.AvailabilitySpec;
import org.moshsim.config.Dist;
import org.moshsim.config.FailureSemantics;
import org.moshsim.config.FailureSpec;
import org.moshsim.config.InitSpec;
import org.moshsim.config.NetworkSpec;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.config.Scenario;
import org.moshsim.config.SwarmSpec;
import org.moshsim.config.TimingSpec;
import org.moshsim.metrics.Series;

/** Whole runs with a codec: the error floor it leaves, the bytes it saves, and results independent of threads. */
class CompressedRunsTest {
    private static final double PAYLOAD = 100e6;

    private static Scenario scenario(int peers, int dim, int rounds, double p, Codec codec) {
        return new Scenario(peers, dim, rounds, new InitSpec.Normal(0, 1), new FailureSpec(p, FailureSemantics.EXCLUDE),
                SwarmSpec.DEFAULT, new NetworkSpec(PAYLOAD, new Dist.Constant(0), 0, 5), 0, AvailabilitySpec.ALWAYS,
                TimingSpec.UNBOUNDED, null, codec);
    }

    private static ProtocolSpec spec(String name) {
        return switch (name) {
            case "moshpit" -> new ProtocolSpec.Moshpit(name, ProtocolSpec.Variant.GRID, List.of(8, 8, 8));
            case "all-reduce" -> new ProtocolSpec.AllReduce(name);
            case "random-groups" -> new ProtocolSpec.RandomGroups(name, 8);
            case "gossip" -> new ProtocolSpec.Gossip(name, 1);
            default -> new ProtocolSpec.PushSum(name, 2);
        };
    }

    private static final List<Codec> BY_PRECISION = Arrays.asList(null, new Float16(), new GroupQuantizer(8, 128),
            new GroupQuantizer(4, 128));

    /**
     * Repeated averaging through a codec settles at a positive error floor (the consensus is off the true mean by the
     * codec's error), and a coarser codec leaves a higher one: int4 > int8 > float16 > none, on the same seed.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"moshpit, 0", "moshpit, 0.01", "all-reduce, 0", "random-groups, 0", "push-sum, 0"})
    void errorFloorIsOrderedByPrecision(String protocol, double p) {
        int rounds = protocol.equals("push-sum") ? 60 : 16;
        List<Double> floors = new ArrayList<>();
        for (Codec codec : BY_PRECISION) {
            double[] mse = Simulation.run(scenario(512, 256, rounds, p, codec), spec(protocol), 3, new CpuBackend(null)).mse();
            floors.add(mse[mse.length - 1]);
            if (codec != null) {
                // The floor is reached: the error no longer falls by more than half in two rounds (exact runs keep falling).
                assertTrue(mse[mse.length - 1] > 0.5 * mse[mse.length - 3], protocol + " " + codec + ": " + Arrays.toString(mse));
            }
        }
        assertTrue(floors.get(1) > 0, "float16 leaves an error: " + floors);
        for (int c = 1; c < floors.size(); c++) {
            assertTrue(floors.get(c) > 10 * floors.get(c - 1), protocol + ": floors none, float16, int8, int4 = " + floors);
        }
    }

    /** Every round's bytes, for every protocol, shrink by codec.bytes(P) / 4P for the modelled P = S / 4 parameters. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"moshpit", "all-reduce", "gossip", "push-sum"})
    void bytesPerRoundShrinkByTheCodecsRatio(String protocol) {
        Series exact = Simulation.run(scenario(512, 8, 3, 0, null), spec(protocol), 1, new CpuBackend(null));
        assertTrue(exact.bytes()[3] > 0);
        for (Codec codec : BY_PRECISION.subList(1, BY_PRECISION.size())) {
            Series compressed = Simulation.run(scenario(512, 8, 3, 0, codec), spec(protocol), 1, new CpuBackend(null));
            double ratio = codec.bytes(25_000_000) / PAYLOAD;
            for (int r = 1; r <= 3; r++) {
                assertEquals(ratio * exact.bytes()[r], compressed.bytes()[r], 1e-9 * exact.bytes()[r], codec.name() + " round " + r);
                assertEquals(ratio * exact.time()[r], compressed.time()[r], 1e-9 * exact.time()[r], codec.name() + " round " + r);
            }
        }
    }

    /** The same seed gives the same errors on one thread and on four, for every codec. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"moshpit", "gossip", "push-sum"})
    void runsDoNotDependOnThreads(String protocol) {
        ForkJoinPool pool = new ForkJoinPool(4);
        try {
            for (Codec codec : BY_PRECISION) {
                Scenario scenario = scenario(512, 5000, 4, 0.02, codec);
                assertArrayEquals(Simulation.run(scenario, spec(protocol), 7, new CpuBackend(null)).mse(),
                        Simulation.run(scenario, spec(protocol), 7, new CpuBackend(pool)).mse(), protocol + " " + codec);
            }
        } finally {
            pool.shutdown();
        }
    }
    /**
     * Model averaging through a compressed all-reduce (Flash Communication's measurement): one round of all-reduce leaves
     * the collective's result, off the exact mean by its relative error (float16 partial sums: about 2^-11; int4 in groups
     * of 128: about 0.14 on Gaussian values), on half the float32 ring's bytes (float16) or fewer (int4 shards).
     */
    @org.junit.jupiter.api.Test
    void compressedAllReducesAverageModelsOffTheMeanByTheirError() {
        org.moshsim.config.Experiment experiment = org.moshsim.config.ExperimentReader.parse("c.yaml", String.join("\n",
                "name: c",
                "peers: 8",
                "dim: 4096",
                "rounds: 1",
                "seeds: 1",
                "compression: [none, float16-ring, {all-reduce: two-step, bits: 4, group: 128}]",
                "protocols: [{type: all-reduce}]",
                ""), null, org.moshsim.protocol.Protocols.catalogue());
        List<Series> runs = ExperimentRunner.run(experiment, org.moshsim.backend.Backends.CPU, 2, finished -> { }).series();
        assertEquals(3, runs.size());
        Series exact = runs.get(0);
        Series float16 = runs.get(1);
        Series int4 = runs.get(2);
        assertTrue(exact.mse()[1] < 1e-12 * exact.mse()[0], "the float32 ring is the mean: " + exact.mse()[1]);
        double float16Error = float16.values(org.moshsim.Measure.AGGREGATE_ERROR)[1];
        double int4Error = int4.values(org.moshsim.Measure.AGGREGATE_ERROR)[1];
        assertTrue(float16Error > 1e-4 && float16Error < 2e-3, "float16 ring: " + float16Error);
        assertTrue(int4Error > 0.08 && int4Error < 0.2, "two-step int4: " + int4Error);
        // The peers' squared distance to the mean follows the error.
        assertTrue(int4.mse()[1] > 1e3 * float16.mse()[1], int4.mse()[1] + " vs " + float16.mse()[1]);
        assertEquals(exact.bytes()[1] / 2, float16.bytes()[1], 1e-6 * exact.bytes()[1]);
        assertTrue(int4.bytes()[1] < float16.bytes()[1]);
    }
}
