package org.moshsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moshsim.metrics.ResultsFolder;
import org.moshsim.metrics.RunJournal;

class DurableSweepTest {
    static final String SMALL = String.join("\n",
            "name: small",
            "peers: [16, 32]",
            "rounds: 6",
            "seeds: 3",
            "failures: {model: bernoulli, p: 0.05}",
            "network: {payload: 1MB}",
            "protocols:",
            "  - {type: moshpit, variant: keys, grid: [4, 4]}",
            "  - {type: push-sum, out-degree: 2}",
            "  - {type: gossip}",
            "");

    static Path config(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    /** The same files, byte for byte, but run.json (which says when and how long). */
    static void assertSameResults(Path expected, Path actual) throws IOException {
        List<String> files;
        try (Stream<Path> a = Files.list(expected); Stream<Path> b = Files.list(actual)) {
            files = a.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(files, b.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(files.containsAll(List.of("metrics.csv", "summary.csv", "summary.md", "mse.png", "config.yaml", "runs.journal")), 
                files.toString());
        for (String file : files) {
            if (!file.equals("run.json")) {
                assertArrayEquals(Files.readAllBytes(expected.resolve(file)), Files.readAllBytes(actual.resolve(file)), file);
            }
        }
    }

    private static Cli ok(String... args) {
        Cli result = Cli.run(args);
        assertEquals(0, result.status(), result.err());
        return result;
    }

    /** A sweep cut short keeps its finished runs; the same command runs only the others and ends as if never cut. */
    @Test
    void resumingRunsOnlyWhatIsMissingAndEndsIdentical(@TempDir Path tmp) throws IOException {
        Path file = config(tmp, "small.yaml", SMALL);
        Path whole = tmp.resolve("whole");
        ok("run", file.toString(), "--out", whole.toString(), "--backend", "cpu");
        // What a killed run leaves: the work folder with the first 7 of its 18 runs in the journal.
        Path cut = tmp.resolve("cut");
        Files.createDirectories(ResultsFolder.partial(cut));
        RunJournal.Contents done = RunJournal.read(whole.resolve(RunJournal.FILE));
        try (RunJournal journal = RunJournal.open(ResultsFolder.partial(cut).resolve(RunJournal.FILE), done.header())) {
            done.entries().subList(0, 7).forEach(journal::append);
        }
        Files.writeString(ResultsFolder.partial(cut).resolve("metrics.csv"), "half-written");
        Cli resumed = ok("run", file.toString(), "--out", cut.toString(), "--backend", "cpu");
        assertTrue(resumed.out().contains("18 runs in") && resumed.out().contains("7 of them done before"), resumed.out());
        assertTrue(resumed.err().contains("7 of 18 runs were done before; running the other 11"), resumed.err());
        assertSameResults(whole, cut);
        assertFalse(Files.exists(ResultsFolder.partial(cut)));

        // Run again as it is: nothing to run, the same files.
        Cli again = ok("run", file.toString(), "--out", cut.toString(), "--backend", "cpu");
        assertTrue(again.out().contains("18 of them done before"), again.out());
        assertSameResults(whole, cut);
    }

    @Test
    void addingSeedsRunsOnlyTheNewOnes(@TempDir Path tmp) throws IOException {
        Path file = config(tmp, "small.yaml", SMALL);
        Path grown = tmp.resolve("grown");
        ok("run", file.toString(), "--out", grown.toString(), "--seeds", "2");
        Cli more = ok("run", file.toString(), "--out", grown.toString(), "--seeds", "4");
        assertTrue(more.out().contains("24 runs in") && more.out().contains("12 of them done before"), more.out());
        Path direct = tmp.resolve("direct");
        ok("run", file.toString(), "--out", direct.toString(), "--seeds", "4");
        assertSameResults(direct, grown);
        // Fewer seeds than finished: the folder holds just those asked for.
        Cli fewer = ok("run", file.toString(), "--out", grown.toString(), "--seeds", "1");
        assertTrue(fewer.out().contains("6 of them done before"), fewer.out());
        assertEquals(1 + 6 * 7, Files.readAllLines(grown.resolve("metrics.csv")).size());
    }

    @Test
    void aChangedConfigIsRefusedUnlessFresh(@TempDir Path tmp) throws IOException {
        Path file = config(tmp, "small.yaml", SMALL);
        Path out = tmp.resolve("out");
        ok("run", file.toString(), "--out", out.toString());
        byte[] before = Files.readAllBytes(out.resolve("metrics.csv"));
        config(tmp, "small.yaml", SMALL.replace("rounds: 6", "rounds: 7").replace("p: 0.05", "p: 0.1"));
        Cli refused = Cli.run("run", file.toString(), "--out", out.toString());
        assertEquals(2, refused.status());
        assertEquals(1, refused.errors().lines().count(), refused.err());
        assertTrue(refused.errors().contains("are of another config (failures, rounds changed); run with --fresh"), refused.err());
        assertArrayEquals(before, Files.readAllBytes(out.resolve("metrics.csv")), "nothing touched");
        assertFalse(Files.exists(ResultsFolder.partial(out)));
        Cli fresh = ok("run", file.toString(), "--out", out.toString(), "--fresh");
        assertFalse(fresh.out().contains("done before"), fresh.out());
        assertEquals(1 + 18 * 8, Files.readAllLines(out.resolve("metrics.csv")).size());
        // Targets change what is reported, not what runs: the runs are kept.
        config(tmp, "small.yaml", SMALL.replace("rounds: 6", "rounds: 7").replace("p: 0.05", "p: 0.1") + "targets: [1.0e-3]\n");
        Cli retargeted = ok("run", file.toString(), "--out", out.toString());
        assertTrue(retargeted.out().contains("18 of them done before"), retargeted.out());
        assertTrue(Files.readString(out.resolve("summary.csv")).contains("rounds_to_1e-3"));
    }

    @Test
    void theResultsFolderNeverReplacesInputsOrOtherFiles(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mine"));
        Path file = config(dir, "config.yaml", SMALL);
        Path notes = Files.writeString(tmp.resolve("notes.txt"), "mine");
        for (String out : List.of(dir.toString(), "", ".", tmp.toString(), notes.toString(), file.toString())) {
            Cli refused = Cli.run("run", file.toString(), "--out", out);
            assertEquals(2, refused.status(), "--out '" + out + "': " + refused.err());
            assertEquals(1, refused.errors().lines().count(), refused.err());
            assertTrue(refused.errors().startsWith("moshsim: --out: "), refused.err());
        }
        assertEquals(SMALL, Files.readString(file));
        assertEquals("mine", Files.readString(notes));
        assertEquals(2, Cli.run("validate", file.toString(), "--out", dir.toString()).status());
    }

    @Test
    void aSecondMoshsimIsKeptOut(@TempDir Path tmp) throws IOException {
        Path file = config(tmp, "small.yaml", SMALL);
        Path out = tmp.resolve("out");
        try (ResultsFolder held = ResultsFolder.claim("--out", out, List.of())) {
            Cli second = Cli.run("run", file.toString(), "--out", out.toString());
            assertEquals(2, second.status());
            assertTrue(second.errors().contains("is being written by another moshsim (pid " + ProcessHandle.current().pid()),
                    second.err());
            assertTrue(Files.isDirectory(held.work()), "the first one's work folder stays");
        }
        ok("run", file.toString(), "--out", out.toString());
    }

    /** Shards run apart and merged give the very files of one run of the whole sweep. */
    @Test
    void mergedShardsAreTheSingleRun(@TempDir Path tmp) throws IOException {
        Path file = config(tmp, "small.yaml", SMALL);
        Path single = tmp.resolve("single");
        ok("run", file.toString(), "--out", single.toString());
        for (int k = 1; k <= 3; k++) {
            Cli shard = ok("run", file.toString(), "--shard", k + "/3", "--out", tmp.resolve("s" + k).toString());
            assertTrue(shard.out().contains("small shard " + k + "/3: "), shard.out());
        }
        Cli missing = Cli.run("merge", tmp.resolve("s1").toString(), tmp.resolve("s3").toString(), "--out", tmp.resolve("m").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.errors().contains("are in none of the folders given (those of shard 2/3)"), missing.err());
        Cli merged = ok("merge", tmp.resolve("s1").toString(), tmp.resolve("s2").toString(), tmp.resolve("s3").toString(),
                "--out", tmp.resolve("merged").toString());
        assertTrue(merged.out().contains("merged 18 runs from 3 folders"), merged.out());
        assertSameResults(single, tmp.resolve("merged"));

        Path other = config(tmp, "other.yaml", SMALL.replace("rounds: 6", "rounds: 5"));
        ok("run", other.toString(), "--shard", "2/3", "--out", tmp.resolve("o2").toString());
        Cli mixed = Cli.run("merge", tmp.resolve("s1").toString(), tmp.resolve("o2").toString(), tmp.resolve("s3").toString(),
                "--out", tmp.resolve("mixed").toString());
        assertEquals(2, mixed.status());
        assertEquals(1, mixed.errors().lines().count(), mixed.err());
        assertTrue(mixed.errors().contains("a shard of another config than"), mixed.err());
        assertFalse(Files.exists(tmp.resolve("mixed")));
    }

    @Test
    void slurmWritesAJobArrayAndAMergeJob(@TempDir Path tmp) throws IOException {
        Path file = config(tmp, "small.yaml", SMALL);
        Path out = tmp.resolve("out");
        Cli written = ok("slurm", file.toString(), "--out", out.toString(), "--tasks", "3", "--partition", "gpu", "--time", "1:00:00",
                "--gpus-per-task", "1");
        Path jobs = tmp.resolve("out.slurm");
        String shards = Files.readString(jobs.resolve("shards.sbatch"));
        for (String line : List.of("#SBATCH --array=1-3", "#SBATCH --requeue", "#SBATCH --partition=gpu", "#SBATCH --time=1:00:00",
                "#SBATCH --gpus-per-task=1", " run '" + file + "' --shard \"${SLURM_ARRAY_TASK_ID}/3\" --out '" + jobs.resolve("shard-")
                        + "'\"${SLURM_ARRAY_TASK_ID}\"'-of-3' --backend cuda")) {
            assertTrue(shards.contains(line), line + " in\n" + shards);
        }
        String merge = Files.readString(jobs.resolve("merge.sbatch"));
        assertTrue(merge.contains(" merge '" + jobs.resolve("shard-1-of-3") + "' '" + jobs.resolve("shard-2-of-3") + "' '"
                + jobs.resolve("shard-3-of-3") + "' --out '" + out + "'"), merge);
        assertTrue(Files.readString(jobs.resolve("submit")).contains("--dependency=afterok:"), "the merge waits for the array");
        assertTrue(written.out().contains("submit with: "), written.out());
        assertEquals(2, Cli.run("slurm", file.toString(), "--out", out.toString(), "--tasks", "0").status());
        assertEquals(2, Cli.run("slurm", file.toString(), "--out", out.toString(), "--partition", "a;rm -rf").status());
    }

    /** A full disk mid-sweep: one line, exit 1; the old results stay as they were; the finished runs stay for a resume. */
    @Test
    void aFullDiskIsOneLineAndLeavesTheOldResults(@TempDir Path tmp) throws IOException, InterruptedException {
        Path disk = Files.createDirectories(tmp.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.toString()).redirectErrorStream(true)
                .start();
        String why = new String(mount.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        org.junit.jupiter.api.Assumptions.assumeTrue(mount.waitFor() == 0,
                "skipped: no small tmpfs to fill here (mount -t tmpfs: " + why + "; it needs root)");
        try {
            Path small = config(tmp, "tiny.yaml", "name: tiny\npeers: 16\nrounds: 5\nprotocols: [{type: moshpit, grid: [4, 4]}]\n");
            Path out = disk.resolve("out");
            ok("run", small.toString(), "--out", out.toString());
            byte[] before = Files.readAllBytes(out.resolve("metrics.csv"));
            Path large = config(tmp, "large.yaml", SMALL.replace("rounds: 6", "rounds: 3000").replace("seeds: 3", "seeds: 8"));
            Cli full = Cli.run("run", large.toString(), "--out", out.toString(), "--fresh");
            assertEquals(1, full.status(), full.err());
            assertEquals(1, full.errors().lines().count(), full.err());
            assertTrue(full.errors().contains("No space left on device"), full.err());
            assertArrayEquals(before, Files.readAllBytes(out.resolve("metrics.csv")), "the old results are whole");
            try (Stream<Path> files = Files.list(out)) {
                assertEquals(List.of("config.yaml", "metrics.csv", "mse.pdf", "mse.png", "run.json", "runs.journal", "summary.csv",
                        "summary.md"), files.map(p -> p.getFileName().toString()).sorted().toList(), "nothing half-written in them");
            }
        } finally {
            new ProcessBuilder("umount", disk.toString()).start().waitFor();
        }
    }

    @Test
    void progressOffATerminalIsAPlainLineEveryFewSeconds() throws InterruptedException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        try (ProgressReporter progress = new ProgressReporter("sweep", 10, 4, ProgressReporter.Mode.NORMAL, false, err, 50)) {
            progress.finished("moshpit, seed 4");
            progress.finished("moshpit, seed 5");
            Thread.sleep(300);
        }
        List<String> lines = bytes.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.size() >= 2, lines.toString());
        assertTrue(lines.get(0).matches("sweep: 6/10 runs \\(60%\\), [0-9.e+]+ runs/s, [0-9]+ s left"), lines.get(0));

        bytes.reset();
        try (ProgressReporter verbose = new ProgressReporter("sweep", 2, 0, ProgressReporter.Mode.VERBOSE, false, err, 60_000);
             ProgressReporter quiet = new ProgressReporter("sweep", 2, 0, ProgressReporter.Mode.QUIET, false, err, 1)) {
            verbose.finished("gossip, peers=16, seed 0");
            quiet.finished("gossip, peers=16, seed 1");
            Thread.sleep(50);
        }
        assertEquals("sweep: run 1/2 done: gossip, peers=16, seed 0\n", bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
}
