package org.moshsim.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.moshsim.BadInput;
import org.moshsim.Measure;
import org.moshsim.backend.Backend;
import org.moshsim.backend.Backends;
import org.moshsim.backend.cuda.Cuda;
import org.moshsim.backend.cpu.CpuBackend;
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
import org.moshsim.lossy.BernoulliLoss;
import org.moshsim.lossy.LossyAggregation;
import org.moshsim.lossy.LossyLinks;
import org.moshsim.metrics.Series;

/** Whole runs over lossy links: the exact run without losses, retransmission's exact values at a price, drift, threads. */
class PacketLossRunsTest {
    private static final List<LossyAggregation> AGGREGATIONS = List.of(new LossyAggregation.ZeroFill(),
            new LossyAggregation.ReceivedOnly(), new LossyAggregation.Retransmission());

    private static Scenario scenario(int peers, int dim, int rounds, double p, LossyLinks links) {
        SwarmSpec swarm = new SwarmSpec(List.of(new SwarmSpec.Profile("p", 1, new Dist.Constant(125e6), new Dist.Constant(125e6),
                new Dist.Constant(0.005), new Dist.Constant(1))));
        return new Scenario(peers, dim, rounds, new InitSpec.Normal(0, 1), new FailureSpec(p, FailureSemantics.EXCLUDE), swarm,
                new NetworkSpec(100e6, new Dist.Constant(0), 0.5, 5), 0, AvailabilitySpec.ALWAYS, new TimingSpec(60, 5),
                null, null, links);
    }

    private static ProtocolSpec spec(String name) {
        return switch (name) {
            case "moshpit" -> new ProtocolSpec.Moshpit(name, ProtocolSpec.Variant.GRID, List.of(8, 8, 4));
            case "moshpit-async" -> new ProtocolSpec.Moshpit(name, ProtocolSpec.Variant.GRID, List.of(8, 8, 4), true);
            case "all-reduce" -> new ProtocolSpec.AllReduce(name);
            case "random-groups" -> new ProtocolSpec.RandomGroups(name, 8);
            case "pairwise" -> new ProtocolSpec.Pairwise(name);
            case "gossip" -> new ProtocolSpec.Gossip(name, 1);
            default -> new ProtocolSpec.PushSum(name, 2);
        };
    }

    private static Series run(String protocol, double p, LossyLinks links, ForkJoinPool pool) {
        return Simulation.run(scenario(256, 300, 6, p, links), spec(protocol), 5, new CpuBackend(pool));
    }

    /**
     * At rate 0 every aggregation's run is the lossless run to the bit (errors, seconds, bytes), synchronous and
     * asynchronous, with failures; and the drift it measures is the lossless run's spread.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"moshpit", "moshpit-async", "all-reduce", "random-groups", "pairwise", "gossip", "push-sum"})
    void rateZeroIsTheLosslessRun(String protocol) {
        Series exact = run(protocol, 0.05, null, null);
        for (LossyAggregation aggregation : AGGREGATIONS) {
            Series lossless = run(protocol, 0.05, new LossyLinks(BernoulliLoss.NONE, 1400, aggregation), null);
            assertArrayEquals(exact.mse(), lossless.mse(), protocol + " " + aggregation);
            assertArrayEquals(exact.time(), lossless.time(), protocol + " " + aggregation);
            assertArrayEquals(exact.bytes(), lossless.bytes(), protocol + " " + aggregation);
            assertEquals(List.of(Measure.MSE, Measure.SPREAD), lossless.measures());
        }
    }

    /**
     * Retransmission at 10% loss: the lossless run's errors to the bit, but 1 / (1 - p) of its bytes and more seconds
     * per round (resends and a latency per pass); received-only at the same rate leaves an error floor instead.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"moshpit", "moshpit-async", "all-reduce", "pairwise", "push-sum"})
    void retransmissionIsExactAndCostsTime(String protocol) {
        Series exact = run(protocol, 0, null, null);
        Series resent = run(protocol, 0, new LossyLinks(new BernoulliLoss(0.1), 1400, new LossyAggregation.Retransmission()), null);
        if (!protocol.endsWith("async") && !protocol.equals("pairwise")) {
            // Asynchronous runs sample at fixed times, so slower exchanges change what is sampled when.
            assertArrayEquals(exact.mse(), resent.mse());
            int last = exact.time().length - 1;
            assertEquals(exact.bytes()[last] / 0.9, resent.bytes()[last], 1e-9 * exact.bytes()[last]);
            assertTrue(resent.time()[last] > exact.time()[last], resent.time()[last] + " vs " + exact.time()[last]);
        } else {
            int last = exact.round().length - 1;
            assertTrue(resent.round()[last] < exact.round()[last], "fewer averagings fit in the horizon: "
                    + resent.round()[last] + " vs " + exact.round()[last]);
        }
        Series lossy = run(protocol, 0, new LossyLinks(new BernoulliLoss(0.1), 1400, new LossyAggregation.ReceivedOnly()), null);
        double[] spread = lossy.values(Measure.SPREAD);
        double[] mse = lossy.mse();
        double exactError = exact.mse()[exact.mse().length - 1];
        if (protocol.equals("moshpit") || protocol.equals("all-reduce")) {
            assertTrue(exactError < 1e-12 && mse[mse.length - 1] > 1e-9, "received-only's error floor: " + mse[mse.length - 1]);
        } else {
            assertTrue(mse[mse.length - 1] != exactError, "received-only's errors differ from the exact run's");
        }
        if (!protocol.equals("push-sum")) {
            assertTrue(spread[1] > 0, "the members of a lossy exchange drift apart");
        }
    }

    /** The same seed gives the same lossy run on one thread and on four. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"moshpit", "moshpit-async", "all-reduce", "gossip", "push-sum"})
    void lossyRunsDoNotDependOnThreads(String protocol) {
        ForkJoinPool pool = new ForkJoinPool(4);
        try {
            for (LossyAggregation aggregation : AGGREGATIONS.subList(0, 2)) {
                LossyLinks links = new LossyLinks(new BernoulliLoss(0.05), 400, aggregation);
                Scenario scenario = scenario(256, 5000, 3, 0.02, links);
                Series one = Simulation.run(scenario, spec(protocol), 7, new CpuBackend(null));
                Series four = Simulation.run(scenario, spec(protocol), 7, new CpuBackend(pool));
                assertArrayEquals(one.mse(), four.mse(), protocol + " " + aggregation);
                assertArrayEquals(one.values(Measure.SPREAD), four.values(Measure.SPREAD), protocol + " " + aggregation);
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Packet loss no longer decides the backend: auto picks CUDA exactly when it would without loss, and where a GPU is
     * usable a lossy run on it has the CPU's errors and drift (the plans agree to the bit from the same start, see
     * CudaLossyPlansTest; here the GPU draws its own start, equal to the CPU's within float32 rounding).
     */
    @Test
    void packetLossRunsOnEveryBackend() {
        Backends.Choice auto = Backends.choose("auto");
        assertEquals(Cuda.status().usable() ? Backends.CUDA : Backends.CPU, auto.factory());
        assertTrue(auto.note() == null || !auto.note().contains("packet-loss"), auto.note());
        assertEquals(Backends.CPU, Backends.choose("cpu").factory());
        if (!Cuda.status().usable()) {
            assertThrows(BadInput.class, () -> Backends.choose("cuda"));
            return;
        }
        assertEquals(Backends.CUDA, Backends.choose("cuda").factory());
        for (String protocol : List.of("moshpit", "all-reduce", "gossip", "push-sum")) {
            LossyLinks links = new LossyLinks(new BernoulliLoss(0.1), 400, new LossyAggregation.ReceivedOnly());
            Series cpu = Simulation.run(scenario(256, 300, 4, 0.05, links), spec(protocol), 5, new CpuBackend(null));
            Backend backend = Backends.CUDA.open(null);
            try {
                Series gpu = Simulation.run(scenario(256, 300, 4, 0.05, links), spec(protocol), 5, backend);
                for (int i = 0; i < cpu.mse().length; i++) {
                    assertEquals(cpu.mse()[i], gpu.mse()[i], 1e-4 * Math.abs(cpu.mse()[i]), protocol + " mse, round " + i);
                    double spread = cpu.values(Measure.SPREAD)[i];
                    assertEquals(spread, gpu.values(Measure.SPREAD)[i], 1e-4 * Math.abs(spread), protocol + " spread, round " + i);
                }
            } finally {
                backend.close();
            }
        }
    }
}
