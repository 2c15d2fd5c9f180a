package org.moshsim.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.moshsim.Measure;
import org.moshsim.backend.cpu.CpuBackend;
import org.moshsim.config.AvailabilitySpec;
import org.moshsim.config.Dist;
import org.moshsim.config.FailureSpec;
import org.moshsim.config.NetworkSpec;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.config.Scenario;
import org.moshsim.config.SwarmSpec;
import org.moshsim.config.TimingSpec;
import org.moshsim.config.TrainingSpec;
import org.moshsim.metrics.Series;
import org.moshsim.plan.Apply;
import org.moshsim.simulation.Simulation;

/** Overlapped training whose averagings start from snapshots: what each apply mode does with the steps taken meanwhile. */
class BackgroundAveragingRunsTest {
    private static final int PEERS = 8;
    private static final int ROUNDS = 40;
    private static final TrainingSpec LOGISTIC = new TrainingSpec(TrainingSpec.Model.LOGISTIC, "breast-cancer", 0, 0, 0, 0, 0.2,
            Double.POSITIVE_INFINITY, 8, 0.1, 1e-4, 1, 0.1, 0.0);

    private static Series run(ProtocolSpec averaging, boolean overlap, Apply apply) {
        Scenario scenario = new Scenario(PEERS, LOGISTIC.dim(), ROUNDS, null, FailureSpec.NONE, SwarmSpec.DEFAULT,
                new NetworkSpec(1e6, new Dist.Constant(0), 0, 5), 0, AvailabilitySpec.ALWAYS, TimingSpec.UNBOUNDED, LOGISTIC);
        return Simulation.run(scenario, new ProtocolSpec.Trained(averaging, 1, overlap, ProtocolSpec.Exchange.MODELS, null, apply),
                3, new CpuBackend(null));
    }

    /**
     * Overlapped all-reduce sends every peer's row as the round starts. Overwriting with the average of those rows throws
     * away every step, so the model never leaves its start; adding (average - snapshot) keeps the steps, so it learns.
     */
    @Test
    void overwritingLosesEveryStepOfAnOverlappedAllReduceWhileDeltaKeepsThem() {
        ProtocolSpec allReduce = new ProtocolSpec.AllReduce("all-reduce");
        double[] overwrite = run(allReduce, true, Apply.SNAPSHOT_OVERWRITE).values(Measure.LOSS);
        for (int r = 1; r <= ROUNDS; r++) {
            assertEquals(overwrite[0], overwrite[r], "round " + r);
        }
        double[] delta = run(allReduce, true, Apply.SNAPSHOT_DELTA).values(Measure.LOSS);
        assertTrue(delta[ROUNDS] < 0.9 * delta[0], "delta learns: " + delta[0] + " -> " + delta[ROUNDS]);
        double[] current = run(allReduce, true, Apply.CURRENT).values(Measure.LOSS);
        assertTrue(current[ROUNDS] < 0.9 * current[0], "current learns: " + current[0] + " -> " + current[ROUNDS]);
    }

    /** Without overlap nobody steps during an exchange: every mode is the current one, bit for bit. */
    @Test
    void withoutOverlapEveryModeGivesTheSameBits() {
        ProtocolSpec pushSum = new ProtocolSpec.PushSum("sgp", 1);
        double[] current = run(pushSum, false, Apply.CURRENT).values(Measure.LOSS);
        assertArrayEquals(current, run(pushSum, false, Apply.SNAPSHOT_OVERWRITE).values(Measure.LOSS));
        assertArrayEquals(current, run(pushSum, false, Apply.SNAPSHOT_DELTA).values(Measure.LOSS));
    }
}
