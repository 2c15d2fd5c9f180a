package org.moshsim.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moshsim.backend.Snapshot;
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
import org.moshsim.metrics.Series;

/** Runs in simulated time: synchronous rounds against closed forms, asynchronous runs' conservation and convergence. */
class TimedRunsTest {
    private static final double GBIT = 1e9 / 8;

    private static Scenario scenario(int peers, int rounds, double payload, double latency, Dist delay, double matchmaking, double p,
                                     AvailabilitySpec availability, TimingSpec timing) {
        SwarmSpec swarm = new SwarmSpec(List.of(new SwarmSpec.Profile("p", 1, new Dist.Constant(GBIT), new Dist.Constant(GBIT),
                new Dist.Constant(latency), new Dist.Constant(1))));
        return new Scenario(peers, 1, rounds, new InitSpec.Normal(0, 1), new FailureSpec(p, FailureSemantics.EXCLUDE), swarm,
                new NetworkSpec(payload, delay, matchmaking, 2), 0, availability, timing);
    }

    private static Series run(Scenario scenario, ProtocolSpec spec, long seed, CpuBackend backend) {
        return Simulation.run(scenario, spec, seed, backend);
    }

    /** The sum of the values and of the weights, which every protocol here must keep. */
    private static double[] mass(Snapshot snapshot) {
        double values = 0;
        double weights = 0;
        for (int i = 0; i < snapshot.peers(); i++) {
            values += snapshot.values()[i];
            weights += snapshot.weights()[i];
        }
        return new double[] {values, weights};
    }

    private static double[] initialMass(Scenario scenario, long seed) {
        CpuBackend backend = new CpuBackend(null);
        org.moshsim.workload.Averaging.of(scenario, seed).initialize(backend);
        return mass(backend.snapshot());
    }

    @Test
    void allReduceRoundsTakeTheRingTime() {
        int n = 64;
        Scenario scenario = scenario(n, 3, 100e6, 0.003, new Dist.Constant(0), 0, 0, AvailabilitySpec.ALWAYS, TimingSpec.UNBOUNDED);
        Series series = run(scenario, new ProtocolSpec.AllReduce("ar"), 1, new CpuBackend(null));
        double round = 2.0 * (n - 1) / n * 100e6 / GBIT + 2.0 * (n - 1) * 0.003;
        for (int r = 0; r <= 3; r++) {
            assertEquals(r * round, series.time()[r], 1e-9 * (r + 1));
            assertEquals(r * 2.0 * (n - 1) * 100e6, series.bytes()[r], 1e-3 * (r + 1));
        }
        assertTrue(series.mse()[1] < 1e-12 * series.mse()[0]);
    }

    @Test
    void moshpitRoundsPayMatchmakingThenTheButterfly() {
        int n = 64;
        Scenario scenario = scenario(n, 2, 50e6, 0, new Dist.Constant(0.2), 0.5, 0, AvailabilitySpec.ALWAYS, TimingSpec.UNBOUNDED);
        Series series = run(scenario, new ProtocolSpec.Moshpit("m", ProtocolSpec.Variant.GRID, List.of(8, 8)), 1, new CpuBackend(null));
        double round = 0.2 + 0.5 + 50e6 * (2.0 * 8 - 2) / (8 * GBIT);
        assertEquals(round, series.time()[1], 1e-9);
        assertEquals(2 * round, series.time()[2], 1e-9);
        assertEquals(2 * (8 - 1) * 8 * 50e6 * 2, series.bytes()[2], 1e-3);
        assertEquals((2.0 * 8 - 2) / 8 * 50e6 * 2, series.bytesPeerMax()[2], 1e-3);
    }

    @Test
    void theSameSeedGivesTheSameTimesAndBytes() {
        Scenario scenario = scenario(128, 10, 1e6, 0.002, new Dist.Exponential(0.1), 0.3, 0.02,
                new AvailabilitySpec.Churn(new Dist.Exponential(30), new Dist.Exponential(10)), new TimingSpec(20, 0.1));
        for (ProtocolSpec spec : List.of(new ProtocolSpec.Moshpit("m", ProtocolSpec.Variant.KEYS, List.of(4, 4, 8)),
                new ProtocolSpec.Moshpit("a", ProtocolSpec.Variant.KEYS, List.of(8, 8), true), new ProtocolSpec.Pairwise("ad"),
                new ProtocolSpec.PushSum("ps", 2))) {
            Series a = run(scenario, spec, 5, new CpuBackend(null));
            Series b = run(scenario, spec, 5, new CpuBackend(null));
            assertArrayEquals(a.time(), b.time(), spec.label());
            assertArrayEquals(a.bytes(), b.bytes(), spec.label());
            assertArrayEquals(a.mse(), b.mse(), spec.label());
            for (int k = 1; k < a.size(); k++) {
                assertTrue(a.time()[k] >= a.time()[k - 1] && a.bytes()[k] >= a.bytes()[k - 1], spec.label() + " never goes back");
            }
        }
    }

    /** Churn makes groups fail when a member leaves mid-exchange: they pay, change nothing, and mass is kept. */
    @Test
    void churnFailsGroupsButKeepsMass() {
        Scenario scenario = scenario(256, 30, 10e6, 0.001, new Dist.Constant(0), 0.1, 0,
                new AvailabilitySpec.Churn(new Dist.Exponential(5), new Dist.Exponential(2)), TimingSpec.UNBOUNDED);
        CpuBackend backend = new CpuBackend(null);
        Series series = run(scenario, new ProtocolSpec.Moshpit("m", ProtocolSpec.Variant.KEYS, List.of(16, 16)), 3, backend);
        assertArrayEquals(initialMass(scenario, 3), mass(backend.snapshot()), 1e-3);
        assertTrue(series.mse()[30] < 1e-4 * series.mse()[0], "still converges: " + series.mse()[30]);
    }

    /** Asynchronous Moshpit and AD-PSGD keep the mass, converge, and are sampled on the time grid. */
    @Test
    void asynchronousRunsConvergeAndKeepMass() {
        Scenario scenario = scenario(256, 50, 1e6, 0.001, new Dist.Exponential(0.05), 0.2, 0, AvailabilitySpec.ALWAYS,
                new TimingSpec(40, 0.5));
        for (ProtocolSpec spec : List.of(new ProtocolSpec.Moshpit("m", ProtocolSpec.Variant.KEYS, List.of(16, 16), true),
                new ProtocolSpec.RandomGroups("rg", 16, true), new ProtocolSpec.Pairwise("ad"))) {
            CpuBackend backend = new CpuBackend(null);
            Series series = run(scenario, spec, 2, backend);
            assertEquals(81, series.size(), spec.label() + ": samples at 0, 0.5, ..., 40 s");
            assertEquals(40.0, series.time()[80], 1e-9);
            assertEquals(0.5, series.time()[1], 1e-12);
            assertArrayEquals(initialMass(scenario, 2), mass(backend.snapshot()), 1e-3, spec.label());
            assertTrue(series.mse()[80] < 1e-6 * series.mse()[0], spec.label() + ": " + series.mse()[80]);
            assertTrue(series.round()[80] > 5, spec.label() + " effective rounds: " + series.round()[80]);
        }
    }
}
