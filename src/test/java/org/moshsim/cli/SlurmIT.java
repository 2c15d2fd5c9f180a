package org.moshsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paper's averaging table as a 4-task Slurm job array and its merge job, on the real Slurm that .ci/slurm-up
 * starts on this machine; the merged folder must be the single-process run's. Skipped, with the reason, where no
 * Slurm answers.
 */
class SlurmIT {
    private static final String CONFIG = "experiments/averaging/paper-table.yaml";

    @Test
    void aJobArrayOfFourShardsGivesTheSingleProcessResults(@TempDir Path tmp) throws IOException, InterruptedException {
        String state = output("sinfo", "-h", "-o", "%T");
        Assumptions.assumeTrue(state != null && state.matches("(?s).*(idle|mix|alloc).*"),
                "skipped: no Slurm answers here (sinfo: " + (state == null ? "not installed" : state.trim())
                        + "); .ci/slurm-up starts one");
        Path out = tmp.resolve("table");
        long started = System.nanoTime();
        Path log = tmp.resolve("slurm.log");
        assertEquals(0, SweepProcessesIT.finish(SweepProcessesIT.start(log, "slurm", CONFIG, "--out", out.toString(), "--tasks", "4",
                "--seeds", "3", "--submit")), Files.readString(log));
        assertTrue(Files.readString(log).contains("submitted job array "), Files.readString(log));
        Path single = tmp.resolve("single");
        assertEquals(0, SweepProcessesIT.finish(SweepProcessesIT.start(tmp.resolve("single.log"), "run", CONFIG, "--out",
                single.toString(), "--seeds", "3")));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
        while (!Files.exists(out.resolve("run.json")) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        Path logs = tmp.resolve("table.slurm").resolve("logs");
        assertTrue(Files.exists(out.resolve("run.json")), "the merge job did not finish: " + logs(logs));
        double seconds = (System.nanoTime() - started) / 1e9;
        DurableSweepTest.assertSameResults(single, out);
        assertTrue(Files.readString(out.resolve("run.json")).contains("table.slurm/shard-4-of-4"));
        System.out.printf("slurm: 4-task job array of %s (288 runs) and its merge in %.1f s, identical to the single run%n", CONFIG,
                seconds);
    }

    private static String logs(Path dir) throws IOException {
        StringBuilder text = new StringBuilder();
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    text.append('\n').append(f.getFileName()).append(": ").append(Files.readString(f));
                }
            }
        }
        return text.toString();
    }

    /** What a command prints, or null when it cannot run. */
    private static String output(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 ? text : text.isBlank() ? null : text;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }
}
