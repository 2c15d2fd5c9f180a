package org.moshsim.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.moshsim.simulation.Simulation;

/**
 * Synchronous data-parallel SGD by gradient exchange, through the one path (protocol plans, CPU backend, network model):
 * the methods of the related work hold their defining properties as ordinary runs.
 */
class GradientExchangeRunsTest {
    private static final double INFINITE = Double.POSITIVE_INFINITY;
    private static final SwarmSpec LINKS = new SwarmSpec(List.of(new SwarmSpec.Profile("p", 1, new Dist.Constant(1.25e9),
            new Dist.Constant(1.25e9), new Dist.Constant(0.0005), new Dist.Constant(1))));

    private static TrainingSpec mlp(double stepNoise, int microBatches, double threshold) {
        return new TrainingSpec(TrainingSpec.Model.MLP, "digits", 0, 0, 0, 8, 0.2, INFINITE, 16, 0.2, 1e-4, 1, 0.1, stepNoise,
                microBatches, threshold);
    }

    private static Scenario scenario(int peers, int rounds, TrainingSpec training, Compression compression, LossyLinks loss) {
        return new Scenario(peers, training.dim(), rounds, null, FailureSpec.NONE, LINKS,
                new NetworkSpec(102.4e6, new Dist.Constant(0), 0, 5), 0, AvailabilitySpec.ALWAYS, TimingSpec.UNBOUNDED, training,
                compression, loss);
    }

    private static ProtocolSpec gradients(ProtocolSpec groups) {
        return new ProtocolSpec.Trained(groups, 1, false, ProtocolSpec.Exchange.GRADIENTS, null);
    }

    private static ProtocolSpec models(ProtocolSpec groups) {
        return new ProtocolSpec.Trained(groups, 1, false);
    }

    private static Series run(Scenario scenario, ProtocolSpec protocol) {
        return Simulation.run(scenario, protocol, 3, new CpuBackend(null));
    }

    private static double last(Series series, Measure measure) {
        return series.values(measure)[series.last()];
    }

    /**
     * When every peer starts from one model, averaging the models after one local step each is the step along the mean
     * gradient: all-reduce of gradients and all-reduce of models give the same losses to float32 round-off, and the same
     * ring costs the same time.
     */
    @Test
    void gradientAllReduceIsModelAveragingAllReduceSgd() {
        Scenario scenario = scenario(8, 40, mlp(0, 1, INFINITE), Compression.EXACT, null);
        Series byModels = run(scenario, models(new ProtocolSpec.AllReduce("sgd")));
        Series byGradients = run(scenario, gradients(new ProtocolSpec.AllReduce("sgd")));
        double[] a = byModels.values(Measure.LOSS);
        double[] b = byGradients.values(Measure.LOSS);
        for (int r = 0; r < a.length; r++) {
            assertEquals(a[r], b[r], 1e-5 * a[r], "round " + r);
        }
        assertTrue(a[a.length - 1] < 0.8 * a[0], "it trains: " + a[0] + " -> " + a[a.length - 1]);
        assertArrayEquals(byModels.time(), byGradients.time());
        assertEquals(0, last(byGradients, Measure.SPREAD), "every peer applies the one aggregate");
        assertTrue(last(byGradients, Measure.AGGREGATE_ERROR) < 1e-6, "exact: " + last(byGradients, Measure.AGGREGATE_ERROR));
    }

    /** Under DropCompute too: dropped micro-batches weigh as zero gradients either way (the nominal batch normalises). */
    @Test
    void dropComputeWorksWithGradientExchange() {
        Scenario scenario = scenario(16, 40, mlp(0.8, 4, Double.NaN), Compression.EXACT, null);
        Series byModels = run(scenario, models(new ProtocolSpec.AllReduce("sgd")));
        Series byGradients = run(scenario, gradients(new ProtocolSpec.AllReduce("sgd")));
        double[] a = byModels.values(Measure.LOSS);
        double[] b = byGradients.values(Measure.LOSS);
        for (int r = 0; r < a.length; r++) {
            assertEquals(a[r], b[r], 1e-5 * a[r], "round " + r);
        }
        assertTrue(last(byGradients, Measure.DROP_RATE) > 0.01, "tau drops micro-batches: " + last(byGradients, Measure.DROP_RATE));
        assertArrayEquals(byModels.values(Measure.DROP_RATE), byGradients.values(Measure.DROP_RATE));
    }

    /**
     * Through a parameter server over links that lose 20% of the packets (Weintraub et al. 2025): zero-fill's aggregate is
     * shrunk by the loss rate (relative bias -p), received-only's is unbiased, retransmission's exact, with the lossless
     * run's losses, and paid in time. Lost broadcast packets leave stale values: the peers drift apart.
     */
    @Test
    void packetLossBiasesZeroFillOnly() {
        TrainingSpec training = mlp(0, 1, INFINITE);
        ProtocolSpec server = new ProtocolSpec.ParameterServer("server", 12.5e9, 0.001);
        Series lossless = run(scenario(16, 60, training, Compression.EXACT, null), server);
        Series[] lossy = new Series[3];
        LossyAggregation[] methods = {new LossyAggregation.ZeroFill(), new LossyAggregation.ReceivedOnly(),
                new LossyAggregation.Retransmission()};
        for (int m = 0; m < 3; m++) {
            lossy[m] = run(scenario(16, 60, training, Compression.EXACT, new LossyLinks(new BernoulliLoss(0.2), 64, methods[m])),
                    server);
        }
        assertEquals(-0.2, last(lossy[0], Measure.AGGREGATE_BIAS), 0.02, "zero-fill");
        assertEquals(0, last(lossy[1], Measure.AGGREGATE_BIAS), 0.02, "received-only");
        assertTrue(last(lossy[2], Measure.AGGREGATE_ERROR) < 1e-6, "retransmission is exact");
        assertArrayEquals(lossless.values(Measure.LOSS), lossy[2].values(Measure.LOSS));
        assertTrue(lossy[2].time()[60] > 1.05 * lossless.time()[60], "retransmission pays in time");
        assertEquals(0, last(lossy[2], Measure.SPREAD), "everyone receives the parameters");
        assertTrue(last(lossy[1], Measure.SPREAD) > 0, "stale broadcast packets");
        assertTrue(last(lossy[0], Measure.LOSS) > last(lossless, Measure.LOSS), "a shrunk aggregate is a smaller step");
    }

    /** Flash Communication's two-step all-reduce: its error on real gradients shrinks with every bit; float16 is finer still. */
    @Test
    void twoStepErrorShrinksWithBits() {
        TrainingSpec training = mlp(0, 1, INFINITE);
        double previous = Double.POSITIVE_INFINITY;
        for (int bits : new int[] {2, 4, 6, 8}) {
            Scenario scenario = scenario(8, 10, training, new Compression.TwoStep(new GroupQuantizer(bits, 32)), null);
            double error = last(run(scenario, gradients(new ProtocolSpec.AllReduce("sgd"))), Measure.AGGREGATE_ERROR);
            assertTrue(error < 0.7 * previous, bits + " bits: " + error + " after " + previous);
            previous = error;
        }
        double float16 = last(run(scenario(8, 10, training, new Compression.Float16Ring(), null),
                gradients(new ProtocolSpec.AllReduce("sgd"))), Measure.AGGREGATE_ERROR);
        assertTrue(float16 < previous && float16 > 0, "float16 ring " + float16 + ", int8 " + previous);
    }

    /**
     * Top-K keeping 5% of the gradient: without feedback what it drops is lost for good; EF21 sends it later (its
     * estimates track each peer's gradient, their error bounded), so it trains better, and its aggregates' error does
     * not grow over the run.
     */
    @Test
    void errorFeedbackMakesTopKTrain() {
        TrainingSpec training = mlp(0, 1, INFINITE);
        double[] losses = new double[2];
        Compression.Feedback[] feedback = {Compression.Feedback.NONE, Compression.Feedback.EF21};
        for (int f = 0; f < 2; f++) {
            Compression topK = new Compression.Sparsified(Compression.Sparsified.Kind.TOP_K, 0.05, 0, 0, feedback[f], 0);
            Series series = run(scenario(8, 80, training, topK, null), gradients(new ProtocolSpec.AllReduce("sgd")));
            double[] loss = series.values(Measure.LOSS);
            losses[f] = loss[80];
            assertTrue(loss[80] < loss[0], feedback[f] + " trains: " + loss[0] + " -> " + loss[80]);
            if (feedback[f] == Compression.Feedback.EF21) {
                double[] error = series.values(Measure.AGGREGATE_ERROR);
                assertTrue(error[80] < 1 && error[80] < 1.2 * error[40], "EF21's error " + error[40] + " then " + error[80]);
            }
        }
        assertTrue(losses[1] < 0.8 * losses[0], "EF21 " + losses[1] + " against " + losses[0] + " without feedback");
    }

    /**
     * Moshpit SGD by gradient exchange in groups: peers average gradients only with their group, so the models drift
     * apart (a spread), where averaging models in the same groups two rounds running makes them agree.
     */
    @Test
    void moshpitGroupsExchangeGradientsWithinGroups() {
        Scenario scenario = scenario(16, 30, mlp(0, 1, INFINITE), new Compression.Coded(new GroupQuantizer(8, 128)), null);
        ProtocolSpec moshpit = new ProtocolSpec.Moshpit("moshpit", ProtocolSpec.Variant.GRID, List.of(4, 4));
        Series series = run(scenario, gradients(moshpit));
        assertTrue(last(series, Measure.SPREAD) > 0, "groups step apart");
        assertTrue(last(series, Measure.AGGREGATE_ERROR) > 0 && last(series, Measure.AGGREGATE_ERROR) < 0.05,
                "int8: " + last(series, Measure.AGGREGATE_ERROR));
        double[] loss = series.values(Measure.LOSS);
        assertTrue(loss[30] < 0.8 * loss[0], "it trains: " + loss[0] + " -> " + loss[30]);
    }

    /** Gradient exchange depends on the seed only: Moshpit groups with int8, EF21M'd Top-K or lossy links, any threads. */
    @Test
    void gradientExchangeIsDeterministic() {
        TrainingSpec training = mlp(0.2, 1, INFINITE);
        ProtocolSpec moshpit = gradients(new ProtocolSpec.Moshpit("moshpit", ProtocolSpec.Variant.GRID, List.of(4, 4)));
        Compression topK = new Compression.Sparsified(Compression.Sparsified.Kind.TOP_K, 0.05, 0, 0, Compression.Feedback.EF21M,
                0.1);
        LossyLinks links = new LossyLinks(new BernoulliLoss(0.1), 64, new LossyAggregation.ReceivedOnly());
        for (Scenario scenario : List.of(scenario(16, 12, training, new Compression.Coded(new GroupQuantizer(8, 128)), links),
                scenario(16, 12, training, topK, null))) {
            Series one = Simulation.run(scenario, moshpit, 9, new CpuBackend(null));
            Series three = Simulation.run(scenario, moshpit, 9, new CpuBackend(new java.util.concurrent.ForkJoinPool(3)));
            for (int m = 0; m < one.measures().size(); m++) {
                assertArrayEquals(one.values()[m], three.values()[m], one.measures().get(m).column());
            }
            assertArrayEquals(one.time(), three.time());
            assertArrayEquals(one.bytes(), three.bytes());
        }
    }

    /**
     * DropCompute against stragglers as workers are added (Giladi et al. 2023, Fig. 1): synchronous rounds slow down with
     * the slowest of more heavy-tailed peers, DropCompute's do not, so its effective speedup, kept fraction x (round time
     * without / with), grows with the number of workers.
     */
    @Test
    void dropComputeGainsMoreWithMoreWorkers() {
        double[] speedups = new double[2];
        int[] workers = {8, 128};
        for (int w = 0; w < 2; w++) {
            TrainingSpec off = new TrainingSpec(TrainingSpec.Model.LOGISTIC, "breast-cancer", 0, 0, 0, 0, 0.2, INFINITE, 16, 0.1,
                    1e-4, 1, 16, 0.4, 16, INFINITE);
            TrainingSpec on = new TrainingSpec(TrainingSpec.Model.LOGISTIC, "breast-cancer", 0, 0, 0, 0, 0.2, INFINITE, 16, 0.1,
                    1e-4, 1, 16, 0.4, 16, Double.NaN);
            Series without = run(scenario(workers[w], 60, off, Compression.EXACT, null), gradients(new ProtocolSpec.AllReduce("sgd")));
            Series with = run(scenario(workers[w], 60, on, Compression.EXACT, null), gradients(new ProtocolSpec.AllReduce("sgd")));
            speedups[w] = (1 - last(with, Measure.DROP_RATE)) * last(without, Measure.STEP_TIME) / last(with, Measure.STEP_TIME);
        }
        assertTrue(speedups[0] > 1 && speedups[1] > speedups[0], "speedup " + speedups[0] + " at 8 workers, " + speedups[1]
                + " at 128");
    }
}
