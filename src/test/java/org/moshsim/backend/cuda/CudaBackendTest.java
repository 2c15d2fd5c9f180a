package org.moshsim.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.moshsim.backend.Backend;
import org.moshsim.backend.Evaluation;
import org.moshsim.backend.Snapshot;
import org.moshsim.backend.cpu.CpuBackend;
import org.moshsim.config.FailureSemantics;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.config.TrainingSpec;
import org.moshsim.plan.LocalSteps;
import org.moshsim.plan.Plan;
import org.moshsim.protocol.Participation;
import org.moshsim.protocol.Protocol;
import org.moshsim.protocol.Protocols;
import org.moshsim.swarm.BernoulliDropout;
import org.moshsim.workload.Training;

/**
 * Every Backend operation on the GPU against the CPU on fresh random data. The GPU's buffers are poisoned
 * with NaN first, so a value a kernel forgets to write fails the comparison. Skipped, with the reason, where
 * no GPU is usable.
 */
class CudaBackendTest extends GpuBackendTest {
    /** float32 values: relative error within 1e-5 (NaN, an unwritten value, always fails). */
    static void assertValuesClose(Snapshot expected, Snapshot actual, String what) {
        assertEquals(expected.values().length, actual.values().length);
        for (int i = 0; i < expected.values().length; i++) {
            float e = expected.values()[i];
            float a = actual.values()[i];
            assertTrue(Math.abs(a - e) <= 1e-5 * Math.abs(e), what + ": value " + i + " is " + a + ", expected " + e);
        }
        for (int i = 0; i < expected.weights().length; i++) {
            double e = expected.weights()[i];
            double a = actual.weights()[i];
            assertTrue(Math.abs(a - e) <= 1e-12 * Math.abs(e), what + ": weight " + i + " is " + a + ", expected " + e);
        }
    }

    /** float64 reductions: relative error within 1e-6. */
    static void assertReductionClose(double expected, double actual, String what) {
        assertTrue(Math.abs(actual - expected) <= 1e-6 * Math.abs(expected), what + ": " + actual + ", expected " + expected);
    }

    private static void fill(Backend backend, int peers, int dim, boolean normal, long seed) {
        backend.allocate(peers, dim);
        if (normal) {
            backend.fillNormal(seed, 0.5, 2.0);
        } else {
            backend.fillUniform(seed, -3, 1);
        }
    }

    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"50, 1", "37, 5", "64, 4", "33, 255", "40, 1000", "24, 4096"})
    void fillReferenceAndErrorMatchTheCpu(int peers, int dim) {
        for (boolean normal : new boolean[] {true, false}) {
            Backend cpu = new CpuBackend(null);
            fill(cpu, peers, dim, normal, 17);
            gpu.allocate(peers, dim);
            gpu.poison();
            gpu.allocate(peers, dim);
            fill(gpu, peers, dim, normal, 17);
            assertValuesClose(cpu.snapshot(), gpu.snapshot(), normal ? "normal fill" : "uniform fill");
            cpu.markReference();
            gpu.markReference();
            assertReductionClose(cpu.meanSquaredError(), gpu.meanSquaredError(), "mse");
        }
    }

    /** Plans from the real protocols, with failures, applied on both backends round after round. */
    @ParameterizedTest(name = "{0} x {1}, {2}")
    @CsvSource({"64, 1, push-sum", "64, 6, gossip", "100, 8, random-groups", "64, 300, moshpit", "64, 4097, moshpit-keys",
                "60, 33, all-reduce"})
    void plansMatchTheCpu(int peers, int dim, String protocol) {
        ProtocolSpec spec = switch (protocol) {
            case "push-sum" -> new ProtocolSpec.PushSum(protocol, 2);
            case "gossip" -> new ProtocolSpec.Gossip(protocol, 2);
            case "random-groups" -> new ProtocolSpec.RandomGroups(protocol, 8);
            case "moshpit" -> new ProtocolSpec.Moshpit(protocol, ProtocolSpec.Variant.GRID, List.of(8, 8));
            case "moshpit-keys" -> new ProtocolSpec.Moshpit(protocol, ProtocolSpec.Variant.KEYS, List.of(4, 4, 4));
            default -> new ProtocolSpec.AllReduce(protocol);
        };
        Backend cpu = new CpuBackend(null);
        fill(cpu, peers, dim, true, 5);
        cpu.markReference();
        gpu.allocate(peers, dim);
        gpu.poison();
        gpu.allocate(peers, dim);
        fill(gpu, peers, dim, true, 5);
        gpu.markReference();
        Protocol protocolForCpu = Protocols.create(spec, peers, 9);
        Protocol protocolForGpu = Protocols.create(spec, peers, 9);
        BernoulliDropout dropout = new BernoulliDropout(0.1, 9);
        boolean[] live = new boolean[peers];
        for (int round = 0; round < 6; round++) {
            dropout.sample(round, live);
            Participation participation = new Participation(live, FailureSemantics.EXCLUDE);
            Plan plan = protocolForCpu.plan(round, participation);
            cpu.apply(plan);
            gpu.apply(protocolForGpu.plan(round, participation));
            assertValuesClose(cpu.snapshot(), gpu.snapshot(), protocol + " round " + round);
            assertReductionClose(cpu.meanSquaredError(), gpu.meanSquaredError(), protocol + " mse, round " + round);
        }
    }

    /**
     * Local SGD steps of every model on a real data set, interleaved with group averaging, from a broadcast start;
     * then the evaluation. Peers take different numbers of steps on batches of different sizes; weights differ
     * from 1 after push-sum so that the de-biasing is exercised. The kernels sum in the CPU's order, so the
     * models may differ only where CUDA's exp, log and tanh round differently from Java's: 1e-4 relative
     * after 30 steps.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"LEAST_SQUARES, synthetic", "LOGISTIC, digits", "MLP, digits", "MLP, breast-cancer"})
    void localStepsAndEvaluationMatchTheCpu(TrainingSpec.Model model, String dataset) {
        int peers = 24;
        TrainingSpec spec = new TrainingSpec(model, dataset, 400, 12, 0.1, 16, 0.2, Double.POSITIVE_INFINITY, 16, 0.05, 1e-3,
                1, 0.1, 0.3);
        Training training = Training.prepare(spec, peers, 21);
        Backend cpu = new CpuBackend(null);
        for (Backend backend : List.of(cpu, gpu)) {
            backend.allocate(peers, training.task().dim());
            if (backend == gpu) {
                gpu.poison();
                gpu.allocate(peers, training.task().dim());
            }
            backend.load(training.task());
            backend.broadcast(training.initialModel());
        }
        assertValuesClose(cpu.snapshot(), gpu.snapshot(), "broadcast");
        Protocol pushSum = Protocols.create(new ProtocolSpec.PushSum("push-sum", 2), peers, 4);
        boolean[] live = new boolean[peers];
        Arrays.fill(live, true);
        Participation everyone = new Participation(live, FailureSemantics.EXCLUDE);
        for (int round = 0; round < 10; round++) {
            LocalSteps steps = steps(training, peers, round);
            cpu.apply(steps);
            gpu.apply(steps);
            Plan mixing = pushSum.plan(round, everyone);
            cpu.apply(mixing);
            gpu.apply(mixing);
        }
        assertModelsClose(cpu.snapshot(), gpu.snapshot(), model + " after 10 rounds");
        Evaluation expected = cpu.evaluate();
        Evaluation actual = gpu.evaluate();
        assertReductionClose(expected.loss(), actual.loss(), "loss");
        assertReductionClose(expected.spread(), actual.spread(), "spread");
        if (model == TrainingSpec.Model.LEAST_SQUARES) {
            assertTrue(Double.isNaN(actual.accuracy()), "least squares has no accuracy");
        } else {
            assertEquals(expected.accuracy(), actual.accuracy(), 1.0 / training.task().testRows(), "accuracy");
        }
    }

    /**
     * A returning peer's download copies its source's row, as on the CPU; a plan whose optimizer keeps state is refused in
     * one line, since the device keeps none.
     */
    @org.junit.jupiter.api.Test
    void downloadsCopyRowsAndOptimizerStateIsRefused() {
        Backend cpu = new CpuBackend(null);
        for (Backend backend : List.of(cpu, gpu)) {
            fill(backend, 6, 40, true, 5);
            backend.apply(new org.moshsim.plan.StateDownload(new int[] {1, 4}, new int[] {0, 2}));
        }
        assertValuesClose(cpu.snapshot(), gpu.snapshot(), "downloads");
        LocalSteps momentum = new LocalSteps(new int[] {0}, new int[] {0, 1}, new int[] {0, 1}, new int[] {0}, new double[] {0.1}, null,
                new org.moshsim.plan.Optimizer.Momentum(0.9, false));
        org.moshsim.BadInput refused = org.junit.jupiter.api.Assertions.assertThrows(org.moshsim.BadInput.class,
                () -> gpu.apply(momentum));
        assertTrue(refused.getMessage().contains("--backend cpu"), refused.getMessage());
    }

    /**
     * Every third peer sits out; the others take 1 to 3 steps on batches of 1 to 16 of their own shard's examples,
     * each step at its own learning rate.
     */
    private static LocalSteps steps(Training training, int peers, int round) {
        LocalSteps.Builder builder = new LocalSteps.Builder(0.05);
        SplittableRandom random = new SplittableRandom(round);
        int[] batch = new int[16];
        for (int p = 0; p < peers; p++) {
            if ((p + round) % 3 == 0) {
                continue;
            }
            int[] shard = training.shards()[p];
            for (int s = 0, count = 1 + (p + round) % 3; s < count; s++) {
                int size = 1 + random.nextInt(16);
                for (int b = 0; b < size; b++) {
                    batch[b] = shard[random.nextInt(shard.length)];
                }
                // Rates differ per step, as DropCompute's scaled steps do.
                builder.step(batch, size, 0.05 * (s + 1) / 3);
            }
            builder.peer(p);
        }
        return builder.build();
    }

    /** Trained models: relative error within 1e-4 of the largest value of the row (NaN always fails). */
    static void assertModelsClose(Snapshot expected, Snapshot actual, String what) {
        int dim = expected.dim();
        for (int i = 0; i < expected.peers(); i++) {
            double scale = 0;
            for (int j = 0; j < dim; j++) {
                scale = Math.max(scale, Math.abs(expected.values()[i * dim + j]));
            }
            for (int j = 0; j < dim; j++) {
                float e = expected.values()[i * dim + j];
                float a = actual.values()[i * dim + j];
                assertTrue(Math.abs(a - e) <= 1e-4 * scale, what + ": peer " + i + " value " + j + " is " + a + ", expected " + e);
            }
        }
    }
}
