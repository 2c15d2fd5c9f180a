package org.moshsim.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.moshsim.Measure;
import org.moshsim.backend.Backend;
import org.moshsim.backend.Evaluation;
import org.moshsim.backend.Snapshot;
import org.moshsim.backend.Task;
import org.moshsim.backend.cpu.CpuBackend;
import org.moshsim.config.AvailabilitySpec;
import org.moshsim.config.Dist;
import org.moshsim.config.FailureSpec;
import org.moshsim.config.LearningRateSchedule;
import org.moshsim.config.NetworkSpec;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.config.Scenario;
import org.moshsim.config.SwarmSpec;
import org.moshsim.config.TimingSpec;
import org.moshsim.config.TrainingSpec;
import org.moshsim.metrics.Series;
import org.moshsim.plan.GradientExchange;
import org.moshsim.plan.Plan;
import org.moshsim.plan.StateDownload;
import org.moshsim.simulation.Simulation;
import org.moshsim.plan.Optimizer;

/** Accumulate-to-target-batch training as whole runs: the optimisation it does, its schedule, and peers that come back. */
class TargetBatchRunsTest {
    private static final int PEERS = 8;
    private static final int BATCH = 4;
    private static final ProtocolSpec ALL_REDUCE = new ProtocolSpec.Trained(new ProtocolSpec.AllReduce("sgd"), 1, false,
            ProtocolSpec.Exchange.GRADIENTS, null);

    /** Least squares, batches of 4, 0.1 s per batch; {@code targetBatch} 0: {@code localSteps} steps per round instead. */
    private static TrainingSpec leastSquares(int localSteps, int targetBatch, LearningRateSchedule schedule) {
        return leastSquares(localSteps, targetBatch, schedule, Optimizer.SGD, 0.05);
    }

    private static TrainingSpec leastSquares(int localSteps, int targetBatch, LearningRateSchedule schedule, Optimizer optimizer,
                                             double learningRate) {
        return new TrainingSpec(TrainingSpec.Model.LEAST_SQUARES, "synthetic", 2000, 10, 0.1, 0, 0.0, Double.POSITIVE_INFINITY,
                BATCH, learningRate, 0, localSteps, 0.1, 0, 1, Double.POSITIVE_INFINITY, targetBatch, 0, schedule,
                targetBatch > 0 ? TrainingSpec.Average.PARAMETERS_AND_GRADIENTS : TrainingSpec.Average.GRADIENTS,
                optimizer, Double.NaN);
    }

    private static Scenario scenario(TrainingSpec training, AvailabilitySpec availability, int rounds) {
        return new Scenario(PEERS, training.dim(), rounds, null, FailureSpec.NONE, SwarmSpec.DEFAULT,
                new NetworkSpec(4.0 * training.dim(), new Dist.Constant(0), 0, 5), 0, availability, TimingSpec.UNBOUNDED, training,
                null, null);
    }

    /**
     * Equal peers reach a target of k batches each together: every global step is the data-parallel step along the mean
     * gradient of the same PEERS x k batches as synchronous SGD with k accumulated batches per peer, i.e. large-batch SGD
     * with that global batch, to the bit, at the same times; with LAMB, large-batch LAMB.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sgd", "lamb"})
    void equalPeersTakeTheLargeBatchStep(String name) {
        int k = 3;
        Optimizer optimizer = name.equals("lamb") ? new Optimizer.Lamb(0.9, 0.999, 1e-6, 0.01) : Optimizer.SGD;
        double rate = name.equals("lamb") ? 0.1 : 0.05;
        Series large = Simulation.run(scenario(leastSquares(k, 0, LearningRateSchedule.CONSTANT, optimizer, rate),
                AvailabilitySpec.ALWAYS, 30), new ProtocolSpec.Trained(new ProtocolSpec.AllReduce("sgd"), k, false,
                ProtocolSpec.Exchange.GRADIENTS, null), 4, new CpuBackend(null));
        Series target = Simulation.run(scenario(leastSquares(1, PEERS * k * BATCH, LearningRateSchedule.CONSTANT, optimizer, rate),
                AvailabilitySpec.ALWAYS, 30), ALL_REDUCE, 4, new CpuBackend(null));
        double[] expected = large.values(Measure.EXCESS_LOSS);
        double[] actual = target.values(Measure.EXCESS_LOSS);
        for (int r = 0; r < expected.length; r++) {
            assertEquals(expected[r], actual[r], 1e-6 * expected[r], "global step " + r);
        }
        assertTrue(actual[30] < 0.3 * actual[0], "it trains: " + actual[0] + " -> " + actual[30]);
        assertArrayEquals(large.time(), target.time(), 1e-9);
        if (optimizer != Optimizer.SGD) {
            double plain = Simulation.run(scenario(leastSquares(1, PEERS * k * BATCH, LearningRateSchedule.CONSTANT, Optimizer.SGD,
                    rate), AvailabilitySpec.ALWAYS, 30), ALL_REDUCE, 4, new CpuBackend(null)).values(Measure.EXCESS_LOSS)[5];
            assertTrue(Math.abs(plain - actual[5]) > 1e-3 * plain, name + " steps otherwise than SGD: " + actual[5] + " vs " + plain);
        }
    }

    /** The server takes the same global step: a parameter server aggregates what all-reduce does, to float32 round-off. */
    @Test
    void theServerTakesTheSameGlobalStep() {
        Scenario scenario = scenario(leastSquares(1, PEERS * 3 * BATCH, LearningRateSchedule.CONSTANT), AvailabilitySpec.ALWAYS, 20);
        ProtocolSpec server = new ProtocolSpec.Trained(new ProtocolSpec.ParameterServer("server", 12.5e9, 0.001), 1, false,
                ProtocolSpec.Exchange.GRADIENTS, null);
        double[] expected = Simulation.run(scenario, ALL_REDUCE, 4, new CpuBackend(null)).values(Measure.EXCESS_LOSS);
        double[] actual = Simulation.run(scenario, server, 4, new CpuBackend(null)).values(Measure.EXCESS_LOSS);
        for (int r = 0; r < expected.length; r++) {
            assertEquals(expected[r], actual[r], 1e-5 * expected[r], "global step " + r);
        }
        assertTrue(actual[20] < 0.5 * actual[0], "it trains: " + actual[0] + " -> " + actual[20]);
    }

    /**
     * The learning rate follows the global step: warm-up from 0 leaves the first step's model as it was, then the factor
     * grows; after warm-up the run steps as a constant rate would from the same model.
     */
    @Test
    void theScheduleFollowsGlobalSteps() {
        int warmup = 4;
        Series warm = Simulation.run(scenario(leastSquares(1, PEERS * BATCH, new LearningRateSchedule(warmup,
                LearningRateSchedule.Decay.NONE, 0)), AvailabilitySpec.ALWAYS, 12), ALL_REDUCE, 5, new CpuBackend(null));
        Series constant = Simulation.run(scenario(leastSquares(1, PEERS * BATCH, LearningRateSchedule.CONSTANT),
                AvailabilitySpec.ALWAYS, 12), ALL_REDUCE, 5, new CpuBackend(null));
        double[] w = warm.values(Measure.EXCESS_LOSS);
        double[] c = constant.values(Measure.EXCESS_LOSS);
        assertEquals(w[0], w[1], 0, "step 0 is at rate 0");
        assertTrue(w[2] < w[1] && c[1] < c[0], "then it steps");
        assertTrue(c[warmup] < w[warmup], "warm-up steps are shorter: " + c[warmup] + " against " + w[warmup]);
        LearningRateSchedule linear = new LearningRateSchedule(4, LearningRateSchedule.Decay.LINEAR, 12);
        assertEquals(0.5, linear.factor(2));
        assertEquals(1, linear.factor(4));
        assertEquals(0.5, linear.factor(8));
        assertEquals(0, linear.factor(12));
        assertEquals(0, linear.factor(20));
    }

    /**
     * Peers preempted and back (sessions and downtimes of about 3 global steps) download the parameters, and the optimizer's
     * state, before they accumulate again: in every completed exchange all members hold the same row after their step, the
     * returning ones included (with LAMB, a peer that kept its own moments or started fresh ones would step elsewhere).
     */
    @ParameterizedTest
    @ValueSource(strings = {"sgd", "lamb", "momentum"})
    void aReturningPeerHoldsTheSwarmsParameters(String name) {
        Optimizer optimizer = switch (name) {
            case "lamb" -> new Optimizer.Lamb(0.9, 0.999, 1e-6, 0.01);
            case "momentum" -> new Optimizer.Momentum(0.9, false);
            default -> Optimizer.SGD;
        };
        double rate = optimizer instanceof Optimizer.Lamb ? 0.1 : 0.05;
        AvailabilitySpec churn = new AvailabilitySpec.Churn(new Dist.Exponential(3), new Dist.Exponential(2));
        MemberRows backend = new MemberRows(new CpuBackend(null));
        // hivemind's matchmaking as in the paper's ALBERT runs: one bucket, so one group of everyone online.
        ProtocolSpec groups = new ProtocolSpec.Trained(new ProtocolSpec.RandomGroups("hivemind", 64), 1, false,
                ProtocolSpec.Exchange.GRADIENTS, null);
        Series series = Simulation.run(scenario(leastSquares(1, PEERS * 2 * BATCH, LearningRateSchedule.CONSTANT, optimizer, rate),
                churn, 60), groups, 6, backend);
        assertTrue(backend.returned > 5, backend.returned + " returning peers took part in an exchange");
        assertTrue(backend.exchanges > 30, backend.exchanges + " exchanges");
        double[] loss = series.values(Measure.EXCESS_LOSS);
        assertTrue(loss[series.last()] < 0.3 * loss[0], "it trains: " + loss[0] + " -> " + loss[series.last()]);
    }

    /**
     * In groups of at most 4 of the 8 peers the groups step apart; averaging the parameters along with the gradients, as
     * hivemind's collaborative optimizer does, brings them together again at every global step; the authors' averager as
     * published (parameters only, each peer then stepping with its own gradient) brings them together, one step apart.
     */
    @Test
    void averagingParametersTooKeepsThePeersTogether() {
        ProtocolSpec groups = new ProtocolSpec.Trained(new ProtocolSpec.Moshpit("hivemind", ProtocolSpec.Variant.KEYS, List.of(4),
                false), 1, false, ProtocolSpec.Exchange.GRADIENTS, null);
        TrainingSpec.Average[] averages = TrainingSpec.Average.values();
        double[] spread = new double[averages.length];
        for (int both = 0; both < averages.length; both++) {
            TrainingSpec training = new TrainingSpec(TrainingSpec.Model.LEAST_SQUARES, "synthetic", 2000, 10, 0.1, 0, 0.0,
                    Double.POSITIVE_INFINITY, BATCH, 0.05, 0, 1, 0.1, 0.3, 1, Double.POSITIVE_INFINITY, PEERS * 2 * BATCH, 0.05,
                    LearningRateSchedule.CONSTANT, averages[both], Optimizer.SGD, Double.NaN);
            Series series = Simulation.run(scenario(training, AvailabilitySpec.ALWAYS, 40), groups, 2, new CpuBackend(null));
            spread[both] = series.values(Measure.SPREAD)[40];
        }
        double gradients = spread[TrainingSpec.Average.GRADIENTS.ordinal()];
        double both = spread[TrainingSpec.Average.PARAMETERS_AND_GRADIENTS.ordinal()];
        double published = spread[TrainingSpec.Average.PARAMETERS.ordinal()];
        assertTrue(gradients > 0, "groups of gradients only step apart");
        assertTrue(both < 0.1 * gradients, "parameters too: " + both + " against " + gradients);
        assertTrue(published > both && published < 0.5 * gradients, "as published: " + published + " between " + both + " and "
                + gradients);
    }

    /** A CPU backend that, after each gradient exchange, checks that the members of its completed groups hold one row. */
    private static final class MemberRows implements Backend {
        private final Backend cpu;
        private boolean[] downloaded;
        int returned;
        int exchanges;

        MemberRows(Backend cpu) {
            this.cpu = cpu;
        }

        @Override
        public void apply(Plan plan) {
            cpu.apply(plan);
            if (plan instanceof StateDownload downloads) {
                for (int row : downloads.peers()) {
                    downloaded[row] = true;
                }
            }
            if (plan instanceof GradientExchange exchange) {
                Snapshot s = cpu.snapshot();
                for (int g = 0; g < exchange.groupCount(); g++) {
                    if (exchange.failed(g)) {
                        continue;
                    }
                    int[] members = exchange.group(g);
                    exchanges++;
                    for (int member : members) {
                        for (int j = 0; j < s.dim(); j++) {
                            assertEquals(s.values()[members[0] * s.dim() + j], s.values()[member * s.dim() + j], 0,
                                    "peer " + member + " against peer " + members[0]);
                        }
                        if (downloaded[member]) {
                            returned++;
                            downloaded[member] = false;
                        }
                    }
                }
            }
        }

        @Override
        public void allocate(int peers, int dim) {
            cpu.allocate(peers, dim);
            downloaded = new boolean[peers];
        }

        @Override
        public String name() {
            return cpu.name();
        }

        @Override
        public String device() {
            return cpu.device();
        }

        @Override
        public void fillNormal(long seed, double mean, double std) {
            cpu.fillNormal(seed, mean, std);
        }

        @Override
        public void fillUniform(long seed, double low, double high) {
            cpu.fillUniform(seed, low, high);
        }

        @Override
        public void broadcast(float[] row) {
            cpu.broadcast(row);
        }

        @Override
        public void load(Task task) {
            cpu.load(task);
        }

        @Override
        public Evaluation evaluate() {
            return cpu.evaluate();
        }

        @Override
        public void markReference() {
            cpu.markReference();
        }

        @Override
        public Aggregates aggregates() {
            return cpu.aggregates();
        }

        @Override
        public double meanSquaredError() {
            return cpu.meanSquaredError();
        }

        @Override
        public Snapshot snapshot() {
            return cpu.snapshot();
        }

        @Override
        public void close() {
            cpu.close();
        }
    }
}
