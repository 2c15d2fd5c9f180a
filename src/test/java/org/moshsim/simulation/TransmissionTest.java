package org.moshsim.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moshsim.Measure;
import org.moshsim.backend.cpu.CpuBackend;
import org.moshsim.compress.Compression;
import org.moshsim.compress.GroupQuantizer;
import org.moshsim.config.AvailabilitySpec;
import org.moshsim.config.Dist;
import org.moshsim.config.FailureSemantics;
import org.moshsim.config.FailureSpec;
import org.moshsim.config.NetworkSpec;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.config.Scenario;
import org.moshsim.config.SwarmSpec;
import org.moshsim.config.TimingSpec;
import org.moshsim.config.TrainingSpec;
import org.moshsim.lossy.BernoulliLoss;
import org.moshsim.lossy.LossyAggregation;
import org.moshsim.lossy.LossyLinks;
import org.moshsim.metrics.Series;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.LocalSteps;

/** How plans are sent: the run's compression and links on every plan, the same for synchronous and asynchronous runs. */
class TransmissionTest {
    private static final Compression INT8 = new Compression.Coded(new GroupQuantizer(8, 128));

    private static Scenario training(Compression compression) {
        TrainingSpec spec = new TrainingSpec(TrainingSpec.Model.LEAST_SQUARES, "synthetic", 200, 4, 0.1, 0, 0.0,
                Double.POSITIVE_INFINITY, 4, 0.05, 0.0, 1, 0.1, 0.2);
        return new Scenario(16, spec.dim(), 1000, null, new FailureSpec(0, FailureSemantics.EXCLUDE), SwarmSpec.DEFAULT,
                new NetworkSpec(1e8, new Dist.Exponential(0.05), 0.5, 2), 0, AvailabilitySpec.ALWAYS, new TimingSpec(20, 1), spec,
                compression, null);
    }

    /**
     * A training protocol's own compression is what its exchanges send, asynchronous or not: the same run as with that
     * compression for the whole scenario, to the bit, and fewer bytes than exact rows.
     */
    @Test
    void aProtocolsOwnCompressionIsWhatItSends() {
        List<Measure> measures = List.of(Measure.LOSS, Measure.SPREAD);
        for (boolean async : new boolean[] {true, false}) {
            ProtocolSpec moshpit = new ProtocolSpec.Moshpit("moshpit", ProtocolSpec.Variant.KEYS, List.of(4, 4), async);
            ProtocolSpec own = new ProtocolSpec.Trained(moshpit, 1, false, ProtocolSpec.Exchange.MODELS, INT8);
            ProtocolSpec plain = new ProtocolSpec.Trained(moshpit, 1, false);
            Series ownRun = Simulation.run(training(Compression.EXACT), own, 2, new CpuBackend(null), measures);
            Series scenarioRun = Simulation.run(training(INT8), plain, 2, new CpuBackend(null), measures);
            Series exactRun = Simulation.run(training(Compression.EXACT), plain, 2, new CpuBackend(null), measures);
            assertArrayEquals(scenarioRun.time(), ownRun.time(), "async " + async);
            assertArrayEquals(scenarioRun.bytes(), ownRun.bytes(), "async " + async);
            assertArrayEquals(scenarioRun.values(Measure.LOSS), ownRun.values(Measure.LOSS), "async " + async);
            // Per averaging (compressed exchanges are quicker, so more fit before the horizon): int8's 0.27 of the bytes, give
            // or take the groups' sizes, which set the share of its vector a butterfly member sends, (2n - 2) / n, n in 2..4.
            double share = ownRun.bytes()[ownRun.last()] / ownRun.round()[ownRun.last()]
                    / (exactRun.bytes()[exactRun.last()] / exactRun.round()[exactRun.last()]);
            assertTrue(share > 0.15 && share < 0.45, "int8's bytes per averaging: " + share + ", async " + async);
        }
    }

    /** Plans keep their kind; lossy links pick their streams by the round given; exact lossless plans are left as they are. */
    @Test
    void plansAreSentThroughTheRunsCompressionAndLinks() {
        GroupAveraging groups = new GroupAveraging(new int[] {0, 2}, new int[] {0, 1});
        assertSame(groups, new Transmission(Compression.EXACT, null, 1, Double.NaN).sent(groups, 3));
        LossyLinks links = new LossyLinks(new BernoulliLoss(0.1), 1400, new LossyAggregation.ReceivedOnly());
        GroupAveraging sent = new Transmission(INT8, links, 5, Double.NaN).sent(groups, 3);
        assertEquals(INT8.codec(), sent.codec());
        assertEquals(3, sent.loss().round());
        assertEquals(5, sent.loss().seed());
        assertArrayEquals(groups.members(), sent.members());
        LocalSteps steps = new LocalSteps(new int[0], new int[] {0}, new int[] {0}, new int[0], new double[0]);
        assertSame(steps, new Transmission(INT8, links, 5, 0.1).sent(steps, 3), "local steps send nothing");
        assertNull(new Transmission(Compression.EXACT, null, 1, Double.NaN).sent(groups, 0).loss());
    }
}
