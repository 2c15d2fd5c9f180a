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
        List<String> expected = List.of("metrics.csv", "summary.csv", "summary.md", "mse.png", "mse.pdf", "mse-time.png",
                "mse-time.pdf", "speedup.png", "speedup.pdf", "config.yaml", "run.json", "runs.journal");
        for (String file : expected) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(expected.size(), files.count(), "no temporary files left behind");
        }
        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals("protocol,peers,seed,stopped_by,round,time_s,bytes,bytes_peer_max,mse", metrics.get(0));
        assertEquals(1 + 2 * 3 * 3 * 7, metrics.size());
        assertTrue(metrics.get(1).startsWith("moshpit,16,0,rounds,0,"));
        assertTrue(Files.readString(out.resolve("mse.pdf"), StandardCharsets.ISO_8859_1).startsWith("%PDF-"));
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
        assertFalse(Files.exists(out.resolve("mse.svg")), "SVG only when asked for");
        Files.delete(out.resolve("mse.png"));
        Object[] plot = cli("plot", out.toString(), "--svg");
        assertEquals(0, plot[0], (String) plot[2]);
        assertTrue(Files.size(out.resolve("mse.png")) > 0);
        assertTrue(Files.readString(out.resolve("mse.svg")).startsWith("<?xml"));
        assertFalse(Files.exists(out.resolve("speedup.png")));
    }

    /** A timed variant of SMALL: 1 MB payloads on 1 Gbit/s links, 2 s of compute a round, a 100 s horizon. */
    private static final String TIMED = SMALL + "network: {payload: 1MB}\ncompute: 2s\ntiming: {horizon: 100s}\n";

    @Test
    void plotRewritesTheSummariesToo(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        assertEquals(0, cli("run", config(tmp, SMALL).toString(), "--out", out.toString())[0]);
        String summary = Files.readString(out.resolve("summary.md"));
        Files.delete(out.resolve("summary.md"));
        Files.delete(out.resolve("summary.csv"));
        assertEquals(0, cli("plot", out.toString())[0]);
        assertEquals(summary, Files.readString(out.resolve("summary.md")), "the same tables from the result files alone");
        assertTrue(Files.size(out.resolve("summary.csv")) > 0);
    }

    /** Gossip on a ring cannot reach 1e-9 in 6 rounds: the run says so once, and summary.md lists the cut cells. */
    @Test
    void runsCutByRoundsAreReported(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        Object[] result = cli("run", config(tmp, SMALL).toString(), "--out", out.toString());
        assertEquals(0, result[0], (String) result[2]);
        List<String> notes = ((String) result[2]).lines().filter(l -> l.contains("stopped at their rounds")).toList();
        assertEquals(1, notes.size(), (String) result[2]);
        String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("## Runs cut short by `rounds`"), summary);
        assertTrue(summary.contains("| 16 | gossip | 3/3 |"), summary);
        assertTrue(notes.get(0).contains(" of 18 runs"), notes.get(0));
    }

    /** 6 rounds of about 2 s cannot fill a 100 s horizon: validate warns, and still exits 0. */
    @Test
    void validateWarnsWhenRoundsFallWellShortOfTheHorizon(@TempDir Path tmp) throws IOException {
        Object[] shortRounds = cli("validate", config(tmp, TIMED).toString());
        assertEquals(0, shortRounds[0], (String) shortRounds[2]);
        List<String> warnings = ((String) shortRounds[2]).lines().toList();
        assertEquals(3, warnings.size(), "one per synchronous protocol: " + shortRounds[2]);
        assertTrue(warnings.get(0).startsWith("moshsim: warning: "), warnings.get(0));
        assertTrue(warnings.get(0).contains("rounds: 6 rounds of moshpit take about 12"), warnings.get(0));
        assertTrue(warnings.get(0).contains("timing.horizon: 100 s"), warnings.get(0));
        Object[] enough = cli("validate", config(tmp, TIMED.replace("rounds: 6", "rounds: 60")).toString());
        assertEquals(0, enough[0]);
        assertEquals("", enough[2], "60 rounds of 2 s reach the horizon");
    }

    @Test
    void compareFindsEqualFoldersEqualAndReportsAPerturbedCell(@TempDir Path tmp) throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path file = config(tmp, SMALL);
        assertEquals(0, cli("run", file.toString(), "--out", a.toString())[0]);
        assertEquals(0, cli("run", file.toString(), "--out", b.toString())[0]);
        Object[] same = cli("compare", a.toString(), b.toString());
        assertEquals(0, same[0], (String) same[1] + same[2]);
        assertTrue(((String) same[1]).contains("metrics.csv: 756 cells compared, all equal"), (String) same[1]);

        List<String> rows = new java.util.ArrayList<>(Files.readAllLines(b.resolve("metrics.csv")));
        String row = rows.get(5);
        double mse = Double.parseDouble(row.substring(row.lastIndexOf(',') + 1));
        rows.set(5, row.substring(0, row.lastIndexOf(',') + 1) + mse * 1.01);
        Files.write(b.resolve("metrics.csv"), rows);
        Object[] perturbed = cli("compare", a.toString(), b.toString());
        assertEquals(1, perturbed[0], (String) perturbed[1]);
        String report = (String) perturbed[1];
        assertTrue(report.contains("metrics.csv: 756 cells compared, 1 differ:"), report);
        assertTrue(report.contains("  mse at protocol=moshpit, peers=16, seed=0, row 4: "), report);
        assertTrue(report.contains("relative 0.0099"), report);
        assertEquals(0, cli("compare", a.toString(), b.toString(), "--rtol", "0.02")[0], "within a relative tolerance");
        assertEquals(0, cli("compare", a.toString(), b.toString(), "--atol", "1")[0], "within an absolute tolerance");

        assertEquals(2, cli("compare", a.toString(), tmp.resolve("missing").toString())[0]);
        assertEquals(2, cli("compare", a.toString(), tmp.toString())[0], "no metrics.csv");
        assertEquals(2, cli("compare", a.toString(), b.toString(), "--rtol", "-1")[0]);
    }
}
