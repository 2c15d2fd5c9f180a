package org.moshsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as separate processes (target/moshsim.jar): killed with SIGKILL at random points, and two at once. */
class SweepProcessesIT {
    static final Path JAR = Path.of("target", "moshsim.jar").toAbsolutePath();
    /** Kill points, at random times from the JVM's start to past the sweep's end. */
    static final int TRIALS = 8;

    static Process start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static int finish(Process process) throws InterruptedException {
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "moshsim did not finish");
        return process.exitValue();
    }

    /** Kill -9 at any point, then the same command: only runs in progress are lost, and the results are the same. */
    @Test
    void killedAtRandomPointsAndResumedGivesTheSameResults(@TempDir Path tmp) throws IOException, InterruptedException {
        Path config = DurableSweepTest.config(tmp, "sweep.yaml", DurableSweepTest.SMALL.replace("rounds: 6", "rounds: 200")
                .replace("seeds: 3", "seeds: 12").replace("peers: [16, 32]", "peers: [64, 128, 256]"));
        Path reference = tmp.resolve("reference");
        long started = System.nanoTime();
        assertEquals(0, finish(start(tmp.resolve("reference.log"), "run", config.toString(), "--out", reference.toString())),
                Files.readString(tmp.resolve("reference.log")));
        long sweepMillis = (System.nanoTime() - started) / 1_000_000;
        Random random = new Random(14);
        int resumedTotal = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            Path out = tmp.resolve("trial-" + trial);
            Path log = tmp.resolve("trial-" + trial + ".log");
            long killAfter = (long) (random.nextDouble() * 1.1 * sweepMillis);
            Process process = start(log, "run", config.toString(), "--out", out.toString());
            if (!process.waitFor(killAfter, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly(); // SIGKILL
                process.waitFor();
            }
            // A second kill while resuming, half the time.
            if (random.nextBoolean()) {
                Process again = start(log, "run", config.toString(), "--out", out.toString());
                if (!again.waitFor((long) (random.nextDouble() * sweepMillis / 2), TimeUnit.MILLISECONDS)) {
                    again.destroyForcibly();
                    again.waitFor();
                }
            }
            Path resumeLog = tmp.resolve("resume-" + trial + ".log");
            assertEquals(0, finish(start(resumeLog, "run", config.toString(), "--out", out.toString())), Files.readString(resumeLog));
            String said = Files.readString(resumeLog, StandardCharsets.UTF_8);
            java.util.regex.Matcher done = java.util.regex.Pattern.compile("; (\\d+) of them done before").matcher(said);
            resumedTotal += done.find() ? Integer.parseInt(done.group(1)) : 0;
            DurableSweepTest.assertSameResults(reference, out);
        }
        System.out.println("kill -9: " + TRIALS + " trials (sweep of 216 runs, " + sweepMillis + " ms), " + resumedTotal
                + " runs found done when resuming, results identical each time");
    }

    /** Two moshsims into one folder at once: one runs, the other is refused at once with one line; the folder is whole. */
    @Test
    void twoRunsIntoOneFolder(@TempDir Path tmp) throws IOException, InterruptedException {
        Path config = DurableSweepTest.config(tmp, "sweep.yaml", DurableSweepTest.SMALL.replace("rounds: 6", "rounds: 100"));
        Path reference = tmp.resolve("reference");
        assertEquals(0, finish(start(tmp.resolve("r.log"), "run", config.toString(), "--out", reference.toString())));
        Path out = tmp.resolve("shared");
        Process first = start(tmp.resolve("a.log"), "run", config.toString(), "--out", out.toString());
        Process second = start(tmp.resolve("b.log"), "run", config.toString(), "--out", out.toString(), "--seeds", "5");
        int a = finish(first);
        int b = finish(second);
        String logs = Files.readString(tmp.resolve("a.log")) + Files.readString(tmp.resolve("b.log"));
        assertTrue(a == 0 || b == 0, logs);
        if (a == 2 || b == 2) {
            assertTrue(logs.contains("is being written by another moshsim (pid "), logs);
        }
        // Whichever finished last wrote the folder whole: its runs.json and metrics.csv agree on the seeds.
        int seeds = Files.readString(out.resolve("config.yaml")).contains("seeds: 5") ? 5 : 3;
        assertEquals(1 + 2 * 3 * seeds * 101, Files.readAllLines(out.resolve("metrics.csv")).size(), logs);
        assertTrue(Files.readString(out.resolve("run.json")).contains("\"runs\" : " + 2 * 3 * seeds), logs);
    }
}
