package org.moshsim.straggler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DropComputeTest {
    private static final MicroBatchTimes MODEL = MicroBatchTimes.lognormal(1.0, 0.6);

    /** The micro-batch in flight at tau is dropped; one finishing exactly at tau is kept (S_m <= tau). */
    @Test
    void keepsMicroBatchesThatFinishByTheThreshold() {
        double[] times = {1.0, 1.0, 1.0};
        assertEquals(2, new DropCompute(2.5).keptMicroBatches(times));
        assertEquals(2.5, new DropCompute(2.5).computeTime(times));
        assertEquals(2, new DropCompute(2.0).keptMicroBatches(times));
        assertEquals(2.0, new DropCompute(2.0).computeTime(times));
        assertEquals(0, new DropCompute(0.5).keptMicroBatches(times));
        assertEquals(3, DropCompute.OFF.keptMicroBatches(times));
        assertEquals(3.0, DropCompute.OFF.computeTime(times));
    }

    /** The trace's replay of a threshold agrees with the rule applied to each worker's own times. */
    @Test
    void traceReplayAgreesWithTheRule() {
        int workers = 16;
        int microBatches = 8;
        MicroBatchTrace trace = MicroBatchTrace.simulate(MODEL, 5, workers, microBatches, 3, 10);
        DropCompute rule = new DropCompute(7.5);
        for (int s = 0; s < trace.steps(); s++) {
            double slowest = 0;
            for (int w = 0; w < workers; w++) {
                double[] times = MODEL.draw(5, w, 3 + s, microBatches);
                assertEquals(rule.keptMicroBatches(times), trace.kept(s, w, 7.5));
                slowest = Math.max(slowest, rule.computeTime(times));
            }
            assertEquals(slowest, trace.dropComputeTime(s, 7.5), 1e-12);
        }
    }

    /** The step gradient divides kept gradients by the nominal N * M, so dropped work is not re-weighted. */
    @Test
    void stepGradientIsNormalisedByTheNominalBatch() {
        double[][][] g = {
            {{1, 10}, {2, 20}, {3, 30}},
            {{4, 40}, {5, 50}, {6, 60}},
        };
        assertArrayEquals(new double[] {21.0 / 6, 210.0 / 6}, DropCompute.stepGradient(g, new int[] {3, 3}), 1e-12);
        assertArrayEquals(new double[] {(1 + 4 + 5) / 6.0, (10 + 40 + 50) / 6.0},
                DropCompute.stepGradient(g, new int[] {1, 2}), 1e-12);
    }

    @Test
    void infiniteThresholdKeepsEverythingAndGivesSpeedupOneExactly() {
        MicroBatchTrace trace = MicroBatchTrace.simulate(MODEL, 11, 32, 12, 0, 50);
        SpeedupEstimate off = trace.estimate(Double.POSITIVE_INFINITY, 2.0);
        assertEquals(1.0, off.keptFraction());
        assertEquals(0.0, off.dropRate());
        assertEquals(off.baselineStepTime(), off.dropComputeStepTime());
        assertEquals(1.0, off.effectiveSpeedup());
    }

    /** max_w min(tau, S_M^w) is at most tau and at most max_w S_M^w, in every step. */
    @Test
    void dropComputeStepTimeIsAtMostTauAndAtMostTheBaseline() {
        MicroBatchTrace trace = MicroBatchTrace.simulate(MODEL, 12, 64, 16, 0, 100);
        boolean someStepCut = false;
        for (double tau : new double[] {4.0, 14.0, 16.0, 20.0}) {
            for (int s = 0; s < trace.steps(); s++) {
                double dropCompute = trace.dropComputeTime(s, tau);
                double baseline = trace.baselineComputeTime(s);
                assertTrue(dropCompute <= tau, "step " + s + " took " + dropCompute + " > tau " + tau);
                assertTrue(dropCompute <= baseline);
                someStepCut |= dropCompute < baseline;
            }
        }
        assertTrue(someStepCut, "some threshold should shorten some step");
    }

    /** Micro-batch noise has mean 1 (so mean is the mean time) and the times are pure functions of the indices. */
    @Test
    void microBatchTimesHaveTheModelMeanAndAreReproducible() {
        MicroBatchTimes model = MicroBatchTimes.lognormal(0.25, 0.8).withSlowdowns(new double[] {1.0, 2.0});
        int steps = 20_000;
        int m = 10;
        for (int w = 0; w < 2; w++) {
            double sum = 0;
            for (int s = 0; s < steps; s++) {
                for (double t : model.draw(3, w, s, m)) {
                    sum += t;
                }
            }
            double n = (double) steps * m;
            double cv = Math.sqrt(Math.exp(0.64) - 1);
            double mean = model.meanOf(w);
            assertEquals(mean, sum / n, 5 * mean * cv / Math.sqrt(n), "worker " + w);
        }
        assertArrayEquals(model.draw(3, 1, 7, 5), model.draw(3, 1, 7, 5));
        assertTrue(model.draw(3, 1, 7, 5)[0] != model.draw(3, 1, 8, 5)[0]);
    }
}
