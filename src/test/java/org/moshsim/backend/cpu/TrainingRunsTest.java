package org.moshsim.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.moshsim.Measure;
import org.moshsim.backend.Task;
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
import org.moshsim.metrics.Series;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;
import org.moshsim.simulation.Simulation;
import org.moshsim.workload.Training;

/**
 * Training runs against what theory and plain SGD say they must do; here, beside the CPU backend, because plain SGD is
 * written with its model kernels, which only this package sees.
 */
class TrainingRunsTest {
    private static final double INFINITE = Double.POSITIVE_INFINITY;

    private static Scenario scenario(int peers, int rounds, TrainingSpec training, double p) {
        return new Scenario(peers, training.dim(), rounds, null, new FailureSpec(p, FailureSemantics.EXCLUDE), SwarmSpec.DEFAULT,
                new NetworkSpec(4.0 * training.dim(), new Dist.Constant(0), 0, 5), 0, AvailabilitySpec.ALWAYS, TimingSpec.UNBOUNDED,
                training);
    }

    private static ProtocolSpec trained(ProtocolSpec averaging, int localSteps) {
        return new ProtocolSpec.Trained(averaging, localSteps, false);
    }

    private static TrainingSpec leastSquares(int examples, int features, double noise, int batch, double lr, double l2) {
        return new TrainingSpec(TrainingSpec.Model.LEAST_SQUARES, "synthetic", examples, features, noise, 0, 0.0, INFINITE, batch, lr,
                l2, 1, 0.1, 0.0);
    }

    private static TrainingSpec logistic(double lr) {
        return new TrainingSpec(TrainingSpec.Model.LOGISTIC, "breast-cancer", 0, 0, 0, 0, 0.2, INFINITE, 8, lr, 1e-4, 1, 0.1, 0.3);
    }

    /**
     * With one example per peer, local SGD on least squares is deterministic and affine: tau steps of
     * x -> (I - lr (a a^T + l2 I)) x + lr a y per peer, then the mean. Its excess loss after each round is a closed
     * form in matrix powers, evaluated here in float64, apart from the simulator's code.
     */
    @Test
    void localSgdOnAQuadraticFollowsItsClosedForm() {
        int peers = 16;
        int features = 4;
        int tau = 4;
        double lr = 0.05;
        double l2 = 0.01;
        TrainingSpec spec = leastSquares(peers, features, 0.5, 1, lr, l2);
        int rounds = 30;
        Series series = Simulation.run(scenario(peers, rounds, spec, 0), trained(new ProtocolSpec.AllReduce("local-sgd"), tau), 3,
                new CpuBackend(null));

        Training training = Training.prepare(spec, peers, 3);
        Task task = training.task();
        RealMatrix average = MatrixUtils.createRealMatrix(features, features);
        RealVector offset = new ArrayRealVector(features);
        for (int i = 0; i < peers; i++) {
            int example = training.shards()[i][0];
            RealVector a = new ArrayRealVector(features);
            for (int j = 0; j < features; j++) {
                a.setEntry(j, task.trainX()[example * features + j]);
            }
            RealMatrix step = MatrixUtils.createRealIdentityMatrix(features).subtract(a.outerProduct(a).scalarAdd(0)
                    .add(MatrixUtils.createRealIdentityMatrix(features).scalarMultiply(l2)).scalarMultiply(lr));
            RealVector push = a.mapMultiply(lr * task.trainY()[example]);
            // tau steps: M^tau x + (M^(tau-1) + ... + I) push
            RealVector accumulated = new ArrayRealVector(features);
            for (int k = 0; k < tau; k++) {
                accumulated = step.operate(accumulated).add(push);
            }
            average = average.add(step.power(tau).scalarMultiply(1.0 / peers));
            offset = offset.add(accumulated.mapMultiply(1.0 / peers));
        }
        RealVector x = new ArrayRealVector(features);
        double[] excess = series.values(Measure.EXCESS_LOSS);
        for (int r = 1; r <= rounds; r++) {
            x = average.operate(x).add(offset);
            double expected = ModelKernels.loss(task, x.toArray(), false) - training.optimalLoss();
            assertEquals(expected, excess[r], 1e-5 * excess[1] + 1e-6 * expected, "round " + r);
        }
        assertTrue(excess[rounds] < 0.5 * excess[1], "it converges: " + excess[1] + " -> " + excess[rounds]);
    }

    /** One peer's all-reduce SGD is plain SGD on its batches: the same losses as a loop over the kernels. */
    @Test
    void aSinglePeerIsPlainSgd() {
        TrainingSpec spec = logistic(0.1);
        int rounds = 25;
        Series series = Simulation.run(scenario(1, rounds, spec, 0), trained(new ProtocolSpec.AllReduce("sgd"), 1), 7,
                new CpuBackend(null));
        Training training = Training.prepare(spec, 1, 7);
        PlainSgd sgd = PlainSgd.run(spec, training, 7, rounds, spec.batch(), spec.learningRate());
        for (int r = 0; r < rounds; r++) {
            assertEquals(sgd.losses()[r], series.values(Measure.LOSS)[r + 1], 1e-12, "round " + r);
        }
        assertEquals(ModelKernels.accuracy(training.task(), sgd.model(), true), series.values(Measure.ACCURACY)[rounds], 1e-12);
    }

    /** One peer's plain SGD written apart from the simulator: its model and the training loss after every step. */
    private record PlainSgd(double[] model, double[] losses) {
        /** Steps on the first {@code used} examples of each batch drawn as the trainer draws them, at {@code rate}. */
        static PlainSgd run(TrainingSpec spec, Training training, long seed, int rounds, int used, double rate) {
            double[] model = new double[training.task().dim()];
            double[] gradient = new double[model.length];
            double[] losses = new double[rounds];
            int[] shard = training.shards()[0];
            int[] batch = new int[spec.batch()];
            for (int r = 0; r < rounds; r++) {
                UniformRandomProvider rng = RandomStreams.stream(seed, Purpose.BATCHES, r, 0);
                for (int k = 0; k < batch.length; k++) {
                    batch[k] = shard[rng.nextInt(shard.length)];
                }
                ModelKernels.lossAndGradient(training.task(), model, batch, 0, used, gradient);
                for (int j = 0; j < model.length; j++) {
                    model[j] = (float) (model[j] - rate * gradient[j]);
                }
                losses[r] = ModelKernels.loss(training.task(), model, false);
            }
            return new PlainSgd(model, losses);
        }
    }

    /** All-reduce SGD over N peers is large-batch SGD on the union of their batches (to float32 rounding of the model). */
    @Test
    void allReduceSgdIsLargeBatchSgd() {
        TrainingSpec spec = logistic(0.2);
        int peers = 8;
        int rounds = 20;
        Series series = Simulation.run(scenario(peers, rounds, spec, 0), trained(new ProtocolSpec.AllReduce("all-reduce"), 1), 11,
                new CpuBackend(null));
        Training training = Training.prepare(spec, peers, 11);
        Task task = training.task();
        double[] model = new double[task.dim()];
        double[] gradient = new double[model.length];
        double[] sum = new double[model.length];
        int[] batch = new int[spec.batch()];
        for (int r = 0; r < rounds; r++) {
            java.util.Arrays.fill(sum, 0);
            for (int i = 0; i < peers; i++) {
                UniformRandomProvider rng = RandomStreams.stream(11, Purpose.BATCHES, r, i);
                int[] shard = training.shards()[i];
                for (int k = 0; k < batch.length; k++) {
                    batch[k] = shard[rng.nextInt(shard.length)];
                }
                ModelKernels.lossAndGradient(task, model, batch, 0, batch.length, gradient);
                for (int j = 0; j < model.length; j++) {
                    sum[j] += gradient[j] / peers;
                }
            }
            for (int j = 0; j < model.length; j++) {
                model[j] -= spec.learningRate() * sum[j];
            }
            double expected = ModelKernels.loss(task, model, false);
            assertEquals(expected, series.values(Measure.LOSS)[r + 1], 1e-5 * expected, "round " + r);
            assertEquals(0, series.values(Measure.SPREAD)[r + 1], "every peer holds the average");
        }
    }

    /** A run depends on its seed only: not on the thread count, and not on being run before. */
    @Test
    void runsAreDeterministic() {
        TrainingSpec spec = logistic(0.1);
        Scenario s = scenario(12, 15, spec, 0.05);
        for (ProtocolSpec p : List.of(trained(new ProtocolSpec.Moshpit("moshpit", ProtocolSpec.Variant.GRID, List.of(4, 3)), 2),
                trained(new ProtocolSpec.PushSum("sgp", 1), 1))) {
            Series a = Simulation.run(s, p, 5, new CpuBackend(null));
            Series b = Simulation.run(s, p, 5, new CpuBackend(new ForkJoinPool(3)));
            for (int m = 0; m < a.measures().size(); m++) {
                assertArrayEquals(a.values()[m], b.values()[m], p.label() + " " + a.measures().get(m));
            }
            assertArrayEquals(a.time(), b.time());
        }
    }

    /** Failures leave a spread between peers and slow the average model down, but Moshpit SGD still learns. */
    @Test
    void moshpitSgdLearnsUnderFailures() {
        TrainingSpec spec = logistic(0.2);
        Series series = Simulation.run(scenario(16, 60, spec, 0.1), trained(new ProtocolSpec.Moshpit("moshpit",
                ProtocolSpec.Variant.GRID, List.of(4, 4)), 2), 1, new CpuBackend(null));
        double[] loss = series.values(Measure.LOSS);
        assertEquals(Math.log(2), loss[0], 1e-9, "zero weights: ln 2 for two classes");
        assertTrue(loss[60] < 0.3, "loss " + loss[60]);
        assertTrue(series.values(Measure.ACCURACY)[60] > 0.9, "accuracy " + series.values(Measure.ACCURACY)[60]);
        assertTrue(series.values(Measure.SPREAD)[60] > 0, "failed peers drift apart");
    }

    private static TrainingSpec microBatched(double stepNoise, int microBatches, double threshold) {
        return new TrainingSpec(TrainingSpec.Model.LOGISTIC, "breast-cancer", 0, 0, 0, 0, 0.2, INFINITE, 8, 0.1, 1e-4, 1, 0.4,
                stepNoise, microBatches, threshold);
    }

    /**
     * DropCompute on one peer with equal micro-batch times (0.1 s each, 4 per step) and tau = 0.25 s: every step
     * keeps its first two micro-batches (4 of the 8 examples) and steps at half the learning rate (the gradient over
     * the nominal batch), and each round computes for 0.25 s instead of 0.4 s.
     */
    @Test
    void dropComputeKeepsTheMicroBatchesDoneByTheThreshold() {
        int rounds = 12;
        TrainingSpec spec = microBatched(0, 4, 0.25);
        Series cut = Simulation.run(scenario(1, rounds, spec, 0), trained(new ProtocolSpec.AllReduce("sgd"), 1), 7, new CpuBackend(null));
        Series full = Simulation.run(scenario(1, rounds, microBatched(0, 4, INFINITE), 0), trained(new ProtocolSpec.AllReduce("sgd"), 1), 7,
                new CpuBackend(null));
        Training training = Training.prepare(spec, 1, 7);
        PlainSgd sgd = PlainSgd.run(spec, training, 7, rounds, 4, spec.learningRate() / 2);
        for (int r = 0; r < rounds; r++) {
            assertEquals(sgd.losses()[r], cut.values(Measure.LOSS)[r + 1], 1e-12, "round " + r);
            double saved = (full.time()[r + 1] - full.time()[r]) - (cut.time()[r + 1] - cut.time()[r]);
            assertEquals(0.15, saved, 1e-9, "round " + r + " computes 0.25 s instead of 0.4 s");
        }
    }

    /** A threshold no step reaches changes nothing: the same bits as the same micro-batches without DropCompute. */
    @Test
    void anUnreachedThresholdChangesNothing() {
        ProtocolSpec protocol = trained(new ProtocolSpec.Moshpit("moshpit", ProtocolSpec.Variant.GRID, List.of(4, 4)), 2);
        Series off = Simulation.run(scenario(16, 10, microBatched(0.5, 4, INFINITE), 0.05), protocol, 3, new CpuBackend(null));
        Series on = Simulation.run(scenario(16, 10, microBatched(0.5, 4, 1e6), 0.05), protocol, 3, new CpuBackend(null));
        assertArrayEquals(off.time(), on.time());
        assertArrayEquals(off.values(Measure.LOSS), on.values(Measure.LOSS));
    }

    /**
     * The automatic threshold on heavy-tailed micro-batch times shortens synchronous rounds (the slowest of 32 peers
     * no longer sets them) and training still makes progress on the kept micro-batches.
     */
    @Test
    void anAutomaticThresholdShortensRounds() {
        ProtocolSpec protocol = trained(new ProtocolSpec.AllReduce("sgd"), 1);
        int rounds = 40;
        Series off = Simulation.run(scenario(32, rounds, microBatched(0.8, 8, INFINITE), 0), protocol, 5, new CpuBackend(null));
        Series on = Simulation.run(scenario(32, rounds, microBatched(0.8, 8, Double.NaN), 0), protocol, 5, new CpuBackend(null));
        assertTrue(on.time()[rounds] < 0.95 * off.time()[rounds], "rounds take " + on.time()[rounds] + " s against " + off.time()[rounds]);
        double[] loss = on.values(Measure.LOSS);
        assertTrue(loss[rounds] < 0.8 * loss[0], "it trains: " + loss[0] + " -> " + loss[rounds]);
    }
}
