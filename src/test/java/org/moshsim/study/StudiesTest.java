package org.moshsim.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moshsim.backend.cuda.Cuda;
import org.moshsim.config.ConfigError;
import org.moshsim.config.Study;
import org.moshsim.config.StudyReader;
import org.moshsim.report.Interval;

/** Each study on a small config: the properties its method promises, and its files. */
class StudiesTest {
    private static final String TRAINING = "training: {model: logistic, dataset: digits, batch: 16, learning-rate: 0.2, "
            + "step-time: 0.1s}";

    private static Study study(String... lines) {
        return StudyReader.parse("study.yaml", String.join("\n", lines) + "\n", null);
    }

    private static double mean(StudyTable table, String curve, String quantity, double x) {
        return table.curve(curve, quantity).get(x).mean();
    }

    @Test
    void experimentsAreNotStudies() {
        assertEquals(null, StudyReader.parse("e.yaml", "name: e\npeers: 4\nprotocols:\n  - {type: gossip}\n", null));
    }

    @Test
    void dropComputeSpeedsUpMoreAsWorkersAreAdded(@TempDir Path dir) {
        Study study = study("name: dc", "study: drop-compute", "seeds: 2", "workers: [8, 128]", "micro-batches: 16",
                "micro-batch-time: 0.5s", "noise: 0.4", "all-reduce: 1s", "warm-up-steps: 40", "steps: 100");
        int[] finished = new int[1];
        StudyResult result = Studies.run(study, false, runs -> finished[0] = runs);
        assertEquals(Studies.runCount(study), finished[0], "the progress counts every run");
        StudyTable table = result.table();
        double small = mean(table, DropComputeStudy.DROP_COMPUTE, "effective_speedup", 8);
        double large = mean(table, DropComputeStudy.DROP_COMPUTE, "effective_speedup", 128);
        assertTrue(small > 1 && large > small, "speedup " + small + " at 8 workers, " + large + " at 128");
        assertTrue(mean(table, DropComputeStudy.SYNCHRONOUS, "step_time_s", 128) > mean(table, DropComputeStudy.SYNCHRONOUS,
                "step_time_s", 8), "stragglers slow synchronous steps as workers are added");
        assertTrue(mean(table, DropComputeStudy.DROP_COMPUTE, "drop_rate", 128) < 0.2);
        List<String> files = StudyFiles.write(dir, study.name(), result);
        for (String file : files) {
            assertTrue(Files.isRegularFile(dir.resolve(file)), file);
        }
        assertTrue(files.contains("drop-compute.png"));
    }

    @Test
    void lowBitAllReduceTradesErrorForTime() {
        Study study = study("name: q", "study: quantized-all-reduce", "peers: 8", "values: 8192", "bits: [4, 8]",
                "group-sizes: [128]", "regimes:", "  - {name: big, payload: 64MiB, bandwidth: 400Gbit/s, latency: 10us}",
                "  - {name: small, payload: 64KiB, bandwidth: 400Gbit/s, latency: 10us}");
        StudyTable table = Studies.run(study).table();
        double int4 = mean(table, "int g=128", "relative_error", 4);
        double int8 = mean(table, "int g=128", "relative_error", 8);
        double fp16 = mean(table, "float16 ring", "relative_error", 16);
        assertTrue(int4 > int8 && int8 > fp16 && fp16 > 0, int4 + " " + int8 + " " + fp16);
        assertTrue(mean(table, "int g=128", "seconds_big", 4) < mean(table, "int g=128", "seconds_big", 8));
        assertTrue(mean(table, "int g=128", "seconds_big", 8) < mean(table, "float16 ring", "seconds_big", 16));
        // Latency-bound: 2 steps against the ring's 2(N - 1) = 14.
        double ratio = mean(table, "float16 ring", "seconds_small", 16) / mean(table, "int g=128", "seconds_small", 8);
        assertTrue(ratio > 5 && ratio < 7.5, "latency-bound ratio " + ratio);
        assertEquals(0, mean(table, "float32 ring", "relative_error", 32));
    }

    @Test
    void keepingEveryValueIsNoCompression() {
        Study study = study("name: c", "study: compression", "peers: 4", "steps: 30", "evaluate-every: 10", TRAINING,
                "network: {payload: 1MB, bandwidth: 1Gbit/s, latency: 1ms}",
                "compressors:", "  - {type: none}", "  - {type: top-k, ratio: 1}", "  - {type: rand-k, ratio: 1, feedback: ef21}",
                "  - {type: top-k, ratio: 0.05, feedback: ef21m, label: sparse}");
        StudyTable table = Studies.run(study).table();
        for (String same : List.of("top-k 1.0", "rand-k 1.0 ef21")) {
            Map<Double, Interval> expected = table.curve("none", "loss");
            Map<Double, Interval> actual = table.curve(same, "loss");
            for (double step : expected.keySet()) {
                assertEquals(expected.get(step).mean(), actual.get(step).mean(), 1e-5 * expected.get(step).mean(), same + " at " + step);
            }
        }
        // Top-K goes by all-gather: at ratio 1 it sends (N - 1) x 8 bytes per value against the ring's 2 (N - 1) / N x 4.
        double ring = mean(table, "none", "gigabytes", 30);
        assertEquals(4.0, mean(table, "top-k 1.0", "gigabytes", 30) / ring, 1e-6);
        assertEquals(0.2, mean(table, "sparse", "gigabytes", 30) / ring, 1e-3, "5% by all-gather among 4 peers");
        assertTrue(mean(table, "sparse", "loss", 30) < mean(table, "sparse", "loss", 0), "compressed SGD still trains");
    }

    @Test
    void zeroFillShrinksTheAggregateWhileReceivedOnlyDoesNot() {
        Study study = study("name: p", "study: packet-loss", "peers: 8", "steps: 60", TRAINING,
                "network: {payload: 1MB, bandwidth: 1Gbit/s, latency: 1ms}", "loss-rates: [0, 0.2]", "packet: 64B");
        int[] finished = new int[1];
        StudyTable table = Studies.run(study, false, runs -> finished[0] = runs).table();
        assertEquals(Studies.runCount(study), finished[0], "the progress counts every run");
        assertEquals(-0.2, mean(table, "zero-fill", "relative_bias", 0.2), 0.03);
        assertEquals(0, mean(table, "received-only", "relative_bias", 0.2), 0.03);
        assertEquals(0, mean(table, "retransmission", "relative_error", 0.2), 1e-9);
        assertTrue(mean(table, "retransmission", "drift", 0.2) < 1e-20, "retransmission keeps every replica in step");
        assertTrue(mean(table, "received-only", "drift", 0.2) > 0, "lost broadcast packets leave stale values");
        for (String method : List.of("zero-fill", "received-only", "retransmission")) {
            assertEquals(mean(table, "retransmission", "loss", 0), mean(table, method, "loss", 0), 0, method + " without loss");
        }
        assertTrue(mean(table, "retransmission", "seconds", 0.2) > mean(table, "received-only", "seconds", 0.2));
    }

    @Test
    void badStudiesSayWhatIsWrong() {
        ConfigError type = assertThrows(ConfigError.class, () -> study("name: x", "study: drop"));
        assertTrue(type.getMessage().contains("drop-compute"), type.getMessage());
        ConfigError bits = assertThrows(ConfigError.class, () -> study("name: q", "study: quantized-all-reduce", "peers: 8",
                "bits: [4, 9]", "group-sizes: [128]", "regimes:", "  - {name: a, payload: 1MB, bandwidth: 1Gbit/s}"));
        assertTrue(bits.getMessage().contains("bits"), bits.getMessage());
        ConfigError label = assertThrows(ConfigError.class, () -> study("name: c", "study: compression", "peers: 4", "steps: 3",
                TRAINING, "network: {payload: 1MB, bandwidth: 1Gbit/s}", "compressors:", "  - {type: none}", "  - {type: none}"));
        assertTrue(label.getMessage().contains("label"), label.getMessage());
        ConfigError unknown = assertThrows(ConfigError.class, () -> study("name: d", "study: drop-compute", "workers: [8]",
                "micro-batches: 4", "micro-batch-time: 1s", "rounds: 3"));
        assertTrue(unknown.getMessage().contains("rounds"), unknown.getMessage());
        ConfigError feedback = assertThrows(ConfigError.class, () -> study("name: c", "study: compression", "peers: 4", "steps: 3",
                TRAINING, "network: {payload: 1MB, bandwidth: 1Gbit/s}", "compressors:", "  - {type: float16, feedback: ef21}"));
        assertTrue(feedback.getMessage().contains("feedback"), feedback.getMessage());
    }

    /** The compression study's sparsifiers on the GPU give the same table to the bit. Skipped without a GPU. */
    @Test
    void gpuSparsifiersGiveTheSameStudy() {
        assumeTrue(Cuda.status().usable(), () -> "no usable GPU: " + Cuda.status().reason());
        Study study = study("name: c", "study: compression", "peers: 8", "steps: 20", "evaluate-every: 5", TRAINING,
                "network: {payload: 1MB, bandwidth: 1Gbit/s, latency: 1ms}", "compressors:",
                "  - {type: top-k, ratio: 0.05, feedback: ef21m}", "  - {type: rand-k, ratio: 0.05}",
                "  - {type: arc-top-k, ratio: 0.1, rows: 65, rank: 4, feedback: ef21}");
        List<StudyTable.Row> cpu = Studies.run(study, false, finished -> { }).table().rows();
        List<StudyTable.Row> gpu = Studies.run(study, true, finished -> { }).table().rows();
        assertEquals(cpu.size(), gpu.size());
        for (int r = 0; r < cpu.size(); r++) {
            assertArrayEquals(cpu.get(r).values(), gpu.get(r).values(), cpu.get(r).curve() + " at step " + cpu.get(r).x());
        }
    }
}
