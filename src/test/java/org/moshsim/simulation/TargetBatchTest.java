package org.moshsim.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.moshsim.config.AvailabilitySpec;
import org.moshsim.config.Dist;
import org.moshsim.config.FailureSpec;
import org.moshsim.config.LearningRateSchedule;
import org.moshsim.config.NetworkSpec;
import org.moshsim.config.Scenario;
import org.moshsim.config.SwarmSpec;
import org.moshsim.config.TimingSpec;
import org.moshsim.config.TrainingSpec;
import org.moshsim.swarm.Peers;
import org.moshsim.training.LocalWork;
import org.moshsim.workload.Workload;
import org.moshsim.plan.Optimizer;

/** One global step of accumulate-to-target-batch: who contributes what, and when the step fires. */
class TargetBatchTest {
    private static final int PEERS = 8;
    private static final int BATCH = 4;
    private static final double STEP = 0.1;

    /** Half the peers at speed 1, half at speed 2, steps of 0.1 s at speed 1 with log-normal noise {@code sigma}. */
    private static LocalWork work(double sigma) {
        TrainingSpec training = new TrainingSpec(TrainingSpec.Model.LEAST_SQUARES, "synthetic", 400, 4, 0.1, 0, 0.0,
                Double.POSITIVE_INFINITY, BATCH, 0.1, 0, 1, STEP, sigma, 1, Double.POSITIVE_INFINITY, 1, 0,
                LearningRateSchedule.CONSTANT, TrainingSpec.Average.PARAMETERS_AND_GRADIENTS,
                Optimizer.SGD, Double.NaN);
        Dist bandwidth = new Dist.Constant(1e9);
        Dist latency = new Dist.Constant(0.001);
        SwarmSpec swarm = new SwarmSpec(List.of(new SwarmSpec.Profile("slow", 0.5, bandwidth, bandwidth, latency, new Dist.Constant(1)),
                new SwarmSpec.Profile("fast", 0.5, bandwidth, bandwidth, latency, new Dist.Constant(2))));
        Scenario scenario = new Scenario(PEERS, training.dim(), 10, null, FailureSpec.NONE, swarm,
                new NetworkSpec(1e6, new Dist.Constant(0), 0, 5), 0, AvailabilitySpec.ALWAYS, TimingSpec.UNBOUNDED, training);
        return LocalWork.of(Workload.of(scenario, 3), scenario, Peers.draw(swarm, PEERS, 3), 3);
    }

    private static double[] everyone(double from) {
        double[] begin = new double[PEERS];
        Arrays.fill(begin, from);
        return begin;
    }

    private static double[] staying() {
        double[] leave = new double[PEERS];
        Arrays.fill(leave, Double.POSITIVE_INFINITY);
        return leave;
    }

    private static boolean fast(LocalWork work, int peer) {
        return work.stepTimes(peer, 0, 1)[0] < 0.75 * STEP;
    }

    /** Without noise the step fires with the batch that reaches the target; a peer twice as fast has done twice the batches. */
    @Test
    void aPeerTwiceAsFastContributesTwiceTheExamples() {
        LocalWork work = work(0);
        int target = BATCH * 600;
        int[] steps = new int[PEERS];
        double[] seconds = new double[PEERS];
        double fire = new TargetBatch(work, target, BATCH, 0).fill(0, everyone(2), staying(), steps, seconds);
        int fastSteps = 0;
        int slowSteps = 0;
        int fastPeers = 0;
        for (int i = 0; i < PEERS; i++) {
            if (fast(work, i)) {
                fastSteps += steps[i];
                fastPeers++;
            } else {
                slowSteps += steps[i];
            }
            assertEquals(steps[i] * work.stepTimes(i, 0, 1)[0], seconds[i], 1e-9, "peer " + i + "'s compute");
        }
        assertTrue(fastPeers > 0 && fastPeers < PEERS, fastPeers + " fast peers");
        int slowPeers = PEERS - fastPeers;
        assertEquals(2.0, (double) fastSteps / fastPeers / ((double) slowSteps / slowPeers), 0.02, fastSteps + " against " + slowSteps);
        int total = Arrays.stream(steps).sum() * BATCH;
        assertTrue(total >= target && total < target + BATCH, "the step holds " + total + " examples for a target of " + target);
        // The swarm's throughput is (slow + 2 fast) / 0.1 s batches; the step ends the batch that reaches the target.
        double throughput = (slowPeers + 2.0 * fastPeers) / STEP * BATCH;
        assertEquals(2 + target / throughput, fire, STEP, "fires when the swarm's examples reach the target");
    }

    /**
     * With noisy step times too, everyone works until the step; a later report lets the peers add the batches they finish
     * meanwhile (hivemind's 1x-1.1x of the target), and a step counts exactly the batches finished by then.
     */
    @Test
    void theReportDelayAddsTheBatchesFinishedMeanwhile() {
        LocalWork work = work(0.3);
        int target = BATCH * 400;
        int[] now = new int[PEERS];
        int[] late = new int[PEERS];
        double[] seconds = new double[PEERS];
        double fire = new TargetBatch(work, target, BATCH, 0).fill(1, everyone(0), staying(), now, seconds);
        double fireLate = new TargetBatch(work, target, BATCH, 0.5).fill(1, everyone(0), staying(), late, seconds);
        assertEquals(fire + 0.5, fireLate, 1e-9);
        for (int i = 0; i < PEERS; i++) {
            double[] times = work.stepTimes(i, 1, late[i] + 1);
            double done = 0;
            for (int k = 0; k < late[i]; k++) {
                done += times[k];
            }
            assertTrue(done <= fireLate && done + times[late[i]] > fireLate, "peer " + i + " counts the batches it finished");
            assertTrue(late[i] > now[i], "peer " + i + " kept accumulating: " + now[i] + " then " + late[i]);
        }
    }

    /** A peer preempted before the step counts towards the target only until it leaves; one that never computes counts nothing. */
    @Test
    void aPreemptedPeerStopsAtItsLeaving() {
        LocalWork work = work(0);
        int[] steps = new int[PEERS];
        double[] seconds = new double[PEERS];
        double[] leave = staying();
        leave[0] = 1.05;
        double[] begin = everyone(0);
        begin[1] = Double.NaN;
        double fire = new TargetBatch(work, BATCH * 800, BATCH, 0).fill(0, begin, leave, steps, seconds);
        assertTrue(fire > 1.05, "fires at " + fire);
        assertEquals(Math.floor(1.05 / work.stepTimes(0, 0, 1)[0] + 1e-9), steps[0], "batches before leaving");
        assertEquals(0, steps[1]);
        assertTrue(Double.isNaN(new TargetBatch(work, BATCH, BATCH, 0).fill(0, everyone(Double.NaN), leave, steps, seconds)));
    }
}
