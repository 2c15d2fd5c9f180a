package org.moshsim.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.moshsim.backend.Backend;
import org.moshsim.backend.Snapshot;
import org.moshsim.backend.cpu.CpuBackend;
import org.moshsim.compress.Blockwise8Bit;
import org.moshsim.compress.Compression;
import org.moshsim.compress.Float16;
import org.moshsim.compress.GroupQuantizer;
import org.moshsim.config.FailureSemantics;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.config.TrainingSpec;
import org.moshsim.lossy.BernoulliLoss;
import org.moshsim.lossy.GilbertElliottLoss;
import org.moshsim.lossy.LossyAggregation;
import org.moshsim.lossy.LossyLinks;
import org.moshsim.plan.GradientExchange;
import org.moshsim.plan.LocalSteps;
import org.moshsim.protocol.Participation;
import org.moshsim.protocol.Protocols;
import org.moshsim.workload.Training;

/**
 * Training by gradient exchange on the GPU against the CPU, round after round from the same start: accumulated gradients,
 * every {@link Compression} (each sparsifier without error feedback and with EF14, EF21 and EF21M, whose per-peer state
 * outlives the groups), the ring, the butterfly and the parameter server, each without loss and over lossy links
 * (zero-fill, received-only, retransmission; a lossy server's broadcast leaves stale values). Groups change every round;
 * some fail, some peers meet nobody, some members have accumulated nothing. Least squares' gradients are sums and
 * products only, so both backends must give the same bits: the values, the push-sum weights and the aggregates'
 * statistics. The other models differ only where CUDA's exp, log and tanh round differently from Java's. Skipped, with
 * the reason, where no GPU is usable.
 */
class CudaGradientExchangeTest extends GpuBackendTest {
    private static final int PEERS = 24;
    private static final int ROUNDS = 8;
    private static final int FEATURES = 40;

    private static final List<String> COMPRESSIONS = List.of("exact", "float16", "int8-block16", "int4-g8", "top-k", "top-k ef14",
            "top-k ef21", "top-k ef21m", "rand-k", "rand-k ef14", "rand-k ef21", "rand-k ef21m", "arc-top-k", "arc-top-k ef14",
            "arc-top-k ef21", "arc-top-k ef21m", "two-step int4-g4", "float16-ring");

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String compression : COMPRESSIONS) {
            for (String collective : List.of("ring", "butterfly", "server")) {
                for (String loss : List.of("none", "zero-fill", "received-only", "retransmission")) {
                    cases.add(Arguments.of(compression, collective, loss));
                }
            }
        }
        return cases.stream();
    }

    private static Compression compression(String name) {
        String[] words = name.split(" ");
        Compression.Feedback feedback = words.length > 1 && words[1].startsWith("ef")
                ? Compression.Feedback.valueOf(words[1].toUpperCase(java.util.Locale.ROOT)) : Compression.Feedback.NONE;
        return switch (words[0]) {
            case "exact" -> Compression.EXACT;
            case "float16" -> new Compression.Coded(new Float16());
            case "int8-block16" -> new Compression.Coded(new Blockwise8Bit(16));
            case "int4-g8" -> new Compression.Coded(new GroupQuantizer(4, 8));
            case "top-k" -> new Compression.Sparsified(Compression.Sparsified.Kind.TOP_K, 0.1, 0, 0, feedback, 0.3);
            case "rand-k" -> new Compression.Sparsified(Compression.Sparsified.Kind.RAND_K, 0.1, 0, 0, feedback, 0.3);
            case "arc-top-k" -> new Compression.Sparsified(Compression.Sparsified.Kind.ARC_TOP_K, 0.25, 0, 2, feedback, 0.3);
            case "two-step" -> new Compression.TwoStep(new GroupQuantizer(4, 4));
            default -> new Compression.Float16Ring();
        };
    }

    /** Heavy losses in packets of 7 values (6 a row), so that a small server group also meets packets nobody delivered. */
    private static LossyLinks links(String name) {
        return switch (name) {
            case "none" -> null;
            case "zero-fill" -> new LossyLinks(new BernoulliLoss(0.3), 28, new LossyAggregation.ZeroFill());
            case "received-only" -> new LossyLinks(GilbertElliottLoss.gilbert(0.2, 0.3), 28, new LossyAggregation.ReceivedOnly());
            default -> new LossyLinks(new BernoulliLoss(0.3), 28, new LossyAggregation.Retransmission());
        };
    }

    @ParameterizedTest(name = "{0}, {1}, loss {2}")
    @MethodSource("cases")
    void exchangesMatchTheCpuToTheBit(String compressionName, String collective, String lossName) {
        Training training = Training.prepare(spec(TrainingSpec.Model.LEAST_SQUARES, "synthetic"), PEERS, 21);
        Backend cpu = start(training);
        Snapshot before = cpu.snapshot();
        Compression compression = compression(compressionName);
        LossyLinks links = links(lossName);
        for (int round = 0; round < ROUNDS; round++) {
            LocalSteps steps = accumulation(training, round);
            cpu.apply(steps);
            gpu.apply(steps);
            GradientExchange plan = exchange(collective, round).with(compression, links == null ? null : links.at(77, round), 0.05);
            cpu.apply(plan);
            gpu.apply(plan);
            Snapshot expected = cpu.snapshot();
            Snapshot actual = gpu.snapshot();
            String what = compressionName + ", " + collective + ", loss " + lossName + ", round " + round;
            assertArrayEquals(expected.values(), actual.values(), what + ": values");
            assertArrayEquals(expected.weights(), actual.weights(), what + ": weights");
            assertEquals(cpu.aggregates(), gpu.aggregates(), what + ": aggregates' bias and error");
        }
        assertFalse(Arrays.equals(before.values(), cpu.snapshot().values()), "the exchanges change the values");
        assertTrue(cpu.aggregates().error() >= 0, "aggregates were measured");
    }

    /**
     * The logistic model and the MLP accumulate and exchange gradients as least squares does (an exact ring, butterfly
     * groups, a server over lossy links, eight rounds): the models agree within 1e-4 of each row's largest value, and the
     * aggregates' statistics within 1e-4 relative. No compressor here: a sparsifier's choice or a codec's rounding can
     * flip on a last bit, and those are checked to the bit above.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"LOGISTIC, digits", "MLP, digits", "MLP, breast-cancer"})
    void otherModelsMatchTheCpu(TrainingSpec.Model model, String dataset) {
        Training training = Training.prepare(spec(model, dataset), PEERS, 21);
        Backend cpu = start(training);
        List<String> collectives = List.of("ring", "butterfly", "server");
        LossyLinks lossy = links("received-only");
        for (int round = 0; round < ROUNDS; round++) {
            LocalSteps steps = accumulation(training, round);
            cpu.apply(steps);
            gpu.apply(steps);
            String collective = collectives.get(round % 3);
            GradientExchange plan = exchange(collective, round).with(Compression.EXACT,
                    collective.equals("server") ? lossy.at(77, round) : null, 0.05);
            cpu.apply(plan);
            gpu.apply(plan);
        }
        CudaBackendTest.assertModelsClose(cpu.snapshot(), gpu.snapshot(), model + " after " + ROUNDS + " exchanges");
        Backend.Aggregates expected = cpu.aggregates();
        Backend.Aggregates actual = gpu.aggregates();
        assertEquals(expected.error(), actual.error(), 1e-4 * Math.abs(expected.error()), "aggregates' error");
        assertEquals(expected.bias(), actual.bias(), 1e-4 * Math.max(Math.abs(expected.bias()), expected.error()), "aggregates' bias");
    }

    private static TrainingSpec spec(TrainingSpec.Model model, String dataset) {
        return new TrainingSpec(model, dataset, 400, FEATURES, 0.1, 16, 0.2, Double.POSITIVE_INFINITY, 16, 0.05, 1e-3, 1, 0.1, 0.3);
    }

    /**
     * Both backends from the same start, the GPU's buffers poisoned first (a value a kernel forgets to write is NaN), and
     * one round of push-sum so that the push-sum weights differ from 1 and the de-biasing counts. Returns the CPU's.
     */
    private static Backend start(Training training) {
        Backend cpu = new CpuBackend(null);
        int dim = training.task().dim();
        for (Backend backend : List.of(cpu, gpu)) {
            backend.allocate(PEERS, dim);
            if (backend == gpu) {
                gpu.poison();
                gpu.allocate(PEERS, dim);
            }
            backend.load(training.task());
            backend.broadcast(training.initialModel());
        }
        boolean[] live = new boolean[PEERS];
        Arrays.fill(live, true);
        org.moshsim.plan.Plan mixing = Protocols.create(new ProtocolSpec.PushSum("push-sum", 2), PEERS, 4)
                .plan(0, new Participation(live, FailureSemantics.EXCLUDE));
        cpu.apply(mixing);
        gpu.apply(mixing);
        return cpu;
    }

    /**
     * Every fifth peer (a different one each round) accumulates nothing; the others take 1 or 2 steps of up to 8 of their
     * shard's examples, some steps empty (every micro-batch dropped), each counting for the nominal 8.
     */
    private static LocalSteps accumulation(Training training, int round) {
        LocalSteps.Builder builder = LocalSteps.Builder.accumulating();
        SplittableRandom random = new SplittableRandom(round);
        int[] batch = new int[8];
        for (int p = 0; p < PEERS; p++) {
            if ((p + round) % 5 == 0) {
                continue;
            }
            int[] shard = training.shards()[p];
            for (int s = 0, count = 1 + (p + round) % 2; s < count; s++) {
                int size = random.nextInt(9);
                for (int b = 0; b < size; b++) {
                    batch[b] = shard[random.nextInt(shard.length)];
                }
                builder.accumulate(batch, size, 8);
            }
            builder.peer(p);
        }
        return builder.build();
    }

    /**
     * This round's groups: for the ring and the butterfly, the peers shuffled into groups of 1 to 6, a few left out and
     * about one group in five failed; for the server, one group of 2 to 24 peers, failed in round 5.
     */
    private static GradientExchange exchange(String collective, int round) {
        SplittableRandom random = new SplittableRandom(1000 + round);
        int[] order = new int[PEERS];
        for (int i = 0; i < PEERS; i++) {
            order[i] = i;
        }
        for (int i = PEERS - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        if (collective.equals("server")) {
            int size = 2 + random.nextInt(PEERS - 1);
            return new GradientExchange(new int[] {0, size}, Arrays.copyOf(order, size),
                    new GradientExchange.Collective.ParameterServer(1e9, 1e-3), new boolean[] {round == 5}, null, null, Double.NaN, null, 5,
                    round);
        }
        List<Integer> offsets = new ArrayList<>(List.of(0));
        int placed = 0;
        while (placed < PEERS - 3) {
            placed = Math.min(PEERS - 3, placed + 1 + random.nextInt(6));
            offsets.add(placed);
        }
        boolean[] failed = new boolean[offsets.size() - 1];
        for (int g = 0; g < failed.length; g++) {
            failed[g] = random.nextInt(5) == 0;
        }
        return new GradientExchange(offsets.stream().mapToInt(Integer::intValue).toArray(), Arrays.copyOf(order, placed),
                collective.equals("ring") ? GradientExchange.Collective.RING : GradientExchange.Collective.BUTTERFLY, failed, null, null,
                Double.NaN, null, 5, round);
    }
}
