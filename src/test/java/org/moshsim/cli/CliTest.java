package org.moshsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    private static final String SMALL = String.join("\n",
            "name: small",
            "peers: [16, 32]",
            "rounds: 6",
            "seeds: 3",
            "failures: {model: bernoulli, p: 0.05}",
            "protocols:",
            "  - {type: moshpit, variant: keys, grid: [4, 4]}",
            "  - {type: push-sum, out-degree: 2}",
            "  - {type: gossip}",
            "");

    /** Runs the CLI and returns {exit status, stdout, stderr}. */
    private static Object[] cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            int status = Main.execute(args);
            return new Object[] {status, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static Path config(Path dir, String text) throws IOException {
        Path file = dir.resolve("config-" + text.hashCode() + ".yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void runWritesEveryResultFile(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        Object[] result = cli("run", config(tmp, SMALL + "network: {payload: 1MB}\n").toString(), "--out", out.toString(),
                "--backend", "cpu");
        assertEquals(0, result[0], (String) result[2]);
        assertTrue(((String) result[1]).contains("small: 18 runs in"), (String) result[1]);
        List<String> expected = List.of("metrics.csv", "summary.csv", "summary.md", "mse.png", "mse.svg", "mse-time.png",
                "mse-time.svg", "speedup.png", "speedup.svg", "config.yaml", "run.json", "runs.journal");
        for (String file : expected) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(expected.size(), files.count(), "no temporary files left behind");
        }
        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals("protocol,peers,seed,round,time_s,bytes,bytes_peer_max,mse", metrics.get(0));
        assertEquals(1 + 2 * 3 * 3 * 7, metrics.size());
        assertTrue(metrics.get(1).startsWith("moshpit,16,0,0,"));
        assertTrue(Files.readString(out.resolve("run.json")).contains("\"backend\" : \"cpu\""));
    }

    /** The same seeds give byte-identical metrics, whatever the thread count; one point is large enough to split runs. */
    @Test
    void sameSeedSameBytesForAnyThreadCount(@TempDir Path tmp) throws IOException {
        Path file = config(tmp, SMALL.replace("peers: [16, 32]", "peers: [16, 64]\ndim: [1, 16384]")
                .replace("  - {type: gossip}", "  - {type: gossip}\n  - {type: ad-psgd}\n  - {type: moshpit, variant: keys, grid: [4, 4], mode: async, label: moshpit-async}")
                + "network: {payload: 1MB, delay: {distribution: exponential, mean: 0.1s}, matchmaking: 0.2s}\n"
                + "swarm: {latency: {distribution: uniform, low: 1ms, high: 5ms}}\n"
                + "availability: {model: churn, session: 20s, downtime: {distribution: exponential, mean: 5s}}\n"
                + "timing: {horizon: 5s, sample: 0.25s}\n");
        byte[] first = null;
        for (String threads : List.of("1", "2", "3", "2")) {
            Path out = tmp.resolve("t" + threads + "-" + System.nanoTime());
            Object[] result = cli("run", file.toString(), "--out", out.toString(), "--threads", threads);
            assertEquals(0, result[0], (String) result[2]);
            byte[] metrics = Files.readAllBytes(out.resolve("metrics.csv"));
            if (first == null) {
                first = metrics;
            } else {
                assertArrayEquals(first, metrics, "threads = " + threads);
            }
        }
    }

    @Test
    void aBadConfigIsOneLineAndExitTwoAndWritesNothing(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        Path file = config(tmp, SMALL.replace("p: 0.05", "p: 1.5"));
        Object[] result = cli("run", file.toString(), "--out", out.toString());
        assertEquals(2, result[0]);
        String err = (String) result[2];
        assertEquals(file + ":5: failures.p: 1.5 is out of range; allowed: a probability in [0, 1]\n", err.replace("moshsim: ", ""));
        assertFalse(Files.exists(out));
        assertEquals(2, cli("validate", file.toString())[0]);
    }

    @Test
    void aMatrixTooLargeForMemoryIsBadInputAndWritesNothing(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        Path file = config(tmp, SMALL.replace("peers: [16, 32]", "peers: 1048576\ndim: 1048576"));
        Object[] result = cli("run", file.toString(), "--out", out.toString(), "--backend", "cpu");
        assertEquals(2, result[0]);
        assertTrue(((String) result[2]).startsWith("moshsim: peers x dim = 1048576 x 1048576 needs 4096.0 GiB"), (String) result[2]);
        assertFalse(Files.exists(out));
    }

    @Test
    void devicesAlwaysAnswers() {
        Object[] result = cli("devices");
        assertEquals(0, result[0], (String) result[2]);
        assertTrue(((String) result[1]).startsWith("CUDA: "), (String) result[1]);
        assertTrue(((String) result[1]).contains("--backend auto uses: "));
    }

    @Test
    void otherBadInputIsExitTwo(@TempDir Path tmp) throws IOException {
        assertEquals(2, cli("run", tmp.resolve("missing.yaml").toString())[0]);
        assertEquals(2, cli("run", config(tmp, SMALL).toString(), "--backend", "tpu")[0]);
        assertEquals(2, cli("run", config(tmp, SMALL).toString(), "--threads", "0")[0]);
        assertEquals(2, cli("run", config(tmp, SMALL).toString(), "--seeds", "0")[0]);
        assertEquals(2, cli("plot", tmp.resolve("nothing").toString())[0]);
        Object[] unknown = cli("run", "--frobnicate");
        assertEquals(2, unknown[0]);
        assertEquals(1, ((String) unknown[2]).lines().count(), (String) unknown[2]);
        assertEquals(2, cli()[0]);
    }

    @Test
    void helpVersionAndValidate(@TempDir Path tmp) throws IOException {
        Object[] help = cli("--help");
        assertEquals(0, help[0]);
        assertTrue(((String) help[1]).contains("run"));
        Object[] version = cli("--version");
        assertEquals(0, version[0]);
        assertTrue(((String) version[1]).startsWith("moshsim "), (String) version[1]);
        Object[] validate = cli("validate", config(tmp, SMALL).toString());
        assertEquals(0, validate[0]);
        assertEquals("small: valid; 2 point(s) x 3 protocol(s) x 3 seed(s) = 18 runs\nswept: peers\nresults: results/small/\n", validate[1]);
    }

    @Test
    void plotRendersAgainFromMetricsAlone(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        assertEquals(0, cli("run", config(tmp, SMALL).toString(), "--out", out.toString())[0]);
        assertFalse(Files.exists(out.resolve("mse-time.png")), "no time model in the config: no figure against seconds");
        Files.delete(out.resolve("mse.png"));
        Files.delete(out.resolve("mse.svg"));
        Object[] plot = cli("plot", out.toString());
        assertEquals(0, plot[0], (String) plot[2]);
        assertTrue(Files.size(out.resolve("mse.png")) > 0);
        assertTrue(Files.readString(out.resolve("mse.svg")).startsWith("<?xml"));
        assertFalse(Files.exists(out.resolve("speedup.png")));
    }
}
