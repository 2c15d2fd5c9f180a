package org.moshsim.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.moshsim.BadInput;
import org.moshsim.config.Experiment;
import org.moshsim.config.ExperimentReader;
import org.moshsim.metrics.AtomicFiles;
import org.moshsim.metrics.ResultsFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "slurm", mixinStandardHelpOptions = true,
        description = "Writes Slurm batch scripts that run a sweep as a job array, one shard per array task (a requeued task "
                + "resumes its shard), and a merge job that starts when they all succeed; --submit hands them to sbatch.")
final class SlurmCommand implements Callable<Integer> {
    @Mixin
    private Plugins plugins = new Plugins();

    private static final Pattern SLURM_WORD = Pattern.compile("[A-Za-z0-9_.,:=-]+");

    @Parameters(paramLabel = "CONFIG", description = "the experiment's YAML file")
    private Path config;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "the results folder of the whole sweep; the "
            + "scripts, logs and shards go to DIR.slurm/")
    private Path out;

    @Option(names = "--tasks", paramLabel = "N", defaultValue = "4", description = "array tasks, one shard each (default: ${DEFAULT-VALUE})")
    private int tasks;

    @Option(names = "--partition", paramLabel = "P", description = "the Slurm partition")
    private String partition;

    @Option(names = "--gpus-per-task", paramLabel = "G", defaultValue = "0",
            description = "GPUs for each task; with 1 or more the runs use --backend cuda (default: ${DEFAULT-VALUE}, the CPU)")
    private int gpus;

    @Option(names = "--time", paramLabel = "T", description = "each job's time limit, as Slurm writes it (e.g. 2:00:00)")
    private String time;

    @Option(names = "--seeds", paramLabel = "N", description = "run every point with seeds 0..N-1 (default: the config's seeds)")
    private Integer seeds;

    @Option(names = "--submit", description = "submit the jobs with sbatch")
    private boolean submit;

    @Override
    public Integer call() {
        Experiment experiment = ExperimentReader.read(config, seeds, plugins.catalogue());
        if (tasks < 1 || tasks > experiment.runCount()) {
            throw new BadInput("--tasks: " + tasks + " is not allowed; expected 1 to " + experiment.runCount() + " (the sweep's runs)");
        }
        if (gpus < 0) {
            throw new BadInput("--gpus-per-task: " + gpus + " is not allowed; expected an integer >= 0");
        }
        word("--partition", partition);
        word("--time", time);
        ResultsFolder.check("--out", out, List.of(config));
        Path jobs = out.resolveSibling(out.getFileName() + ".slurm");
        String name = "moshsim-" + experiment.name();
        String shardDir = jobs.resolve("shard-").toString();
        String suffix = "-of-" + tasks;

        List<String> shards = new ArrayList<>(header(name, jobs.resolve("logs").resolve("shard-%a.log")));
        shards.add("#SBATCH --array=1-" + tasks);
        shards.add("#SBATCH --requeue");
        if (gpus > 0) {
            shards.add("#SBATCH --ntasks=1");
            shards.add("#SBATCH --gpus-per-task=" + gpus);
        }
        shards.add("");
        shards.add("# Shard K of " + tasks + " of the sweep. A task that is requeued (preempted, or its node lost) runs the same");
        shards.add("# command again and resumes its shard from the runs it had finished.");
        shards.add(moshsim() + " run " + quote(config.toString()) + " --shard \"${SLURM_ARRAY_TASK_ID}/" + tasks + "\" --out "
                + quote(shardDir) + "\"${SLURM_ARRAY_TASK_ID}\"" + quote(suffix) + " --backend " + (gpus > 0 ? "cuda" : "cpu")
                + (seeds == null ? "" : " --seeds " + seeds) + with());

        List<String> merge = new ArrayList<>(header(name + "-merge", jobs.resolve("logs").resolve("merge.log")));
        merge.add("");
        StringBuilder dirs = new StringBuilder();
        for (int k = 1; k <= tasks; k++) {
            dirs.append(' ').append(quote(shardDir + k + suffix));
        }
        merge.add(moshsim() + " merge" + dirs + " --out " + quote(out.toString()) + with());

        List<String> submitScript = List.of("#!/bin/sh", "# Submits the shards' job array, then the merge job to run once every shard succeeded.",
                "set -e", "cd " + quote(Path.of("").toAbsolutePath().toString()),
                "array=$(sbatch --parsable " + quote(jobs.resolve("shards.sbatch").toString()) + ")",
                "merge=$(sbatch --parsable --dependency=afterok:\"${array%%;*}\" " + quote(jobs.resolve("merge.sbatch").toString()) + ")",
                "echo \"submitted job array ${array%%;*} (" + tasks + " tasks) and merge job ${merge%%;*}\"");
        try {
            Files.createDirectories(jobs.resolve("logs"));
            script(jobs.resolve("shards.sbatch"), shards);
            script(jobs.resolve("merge.sbatch"), merge);
            script(jobs.resolve("submit"), submitScript);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + jobs + ": " + ResultsFolder.describe(e), e);
        }
        System.out.println("wrote " + jobs + "/shards.sbatch (a job array of " + tasks + " shards of " + experiment.runCount()
                + " runs), merge.sbatch and submit");
        if (!submit) {
            System.out.println("submit with: " + jobs.resolve("submit"));
            return 0;
        }
        String array = sbatch(List.of("sbatch", "--parsable", jobs.resolve("shards.sbatch").toString()));
        String mergeJob = sbatch(List.of("sbatch", "--parsable", "--dependency=afterok:" + array, jobs.resolve("merge.sbatch").toString()));
        System.out.println("submitted job array " + array + " (" + tasks + " tasks) and merge job " + mergeJob + "; results: " + out
                + "/, logs: " + jobs.resolve("logs") + "/");
        return 0;
    }

    private List<String> header(String job, Path log) {
        List<String> lines = new ArrayList<>(List.of("#!/bin/sh", "#SBATCH --job-name=" + job, "#SBATCH --output=" + log,
                "#SBATCH --open-mode=append", "#SBATCH --chdir=" + Path.of("").toAbsolutePath()));
        if (partition != null) {
            lines.add("#SBATCH --partition=" + partition);
        }
        if (time != null) {
            lines.add("#SBATCH --time=" + time);
        }
        return lines;
    }

    /** This moshsim: the same Java and jar (or classes) that wrote the scripts, with the launcher's JVM options. */
    private static String moshsim() {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path code;
        try {
            code = Path.of(SlurmCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("the class's own location is a file", e);
        }
        String program = code.toString().endsWith(".jar") ? "-jar " + quote(code.toString())
                : "-cp " + quote(System.getProperty("java.class.path")) + " " + Main.class.getName();
        return quote(java) + " ${JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:MaxRAMPercentage=75} " + program;
    }

    /** Submits a batch script and returns its job id. */
    private static String sbatch(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.waitFor() != 0 || output.isEmpty()) {
                String message = "sbatch failed: " + output.replace('\n', ' ');
                throw new UncheckedIOException(message, new IOException(message));
            }
            String id = output.lines().reduce((a, b) -> b).orElse(output);
            return id.contains(";") ? id.substring(0, id.indexOf(';')) : id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run sbatch (" + ResultsFolder.describe(e) + "); is Slurm installed here? "
                    + "The scripts are written: submit them on a machine that has it", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException("interrupted while submitting", new IOException("interrupted"));
        }
    }

    private static void script(Path file, List<String> lines) throws IOException {
        AtomicFiles.writeText(file, out -> out.write(String.join("\n", lines) + "\n"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void word(String option, String value) {
        if (value != null && !SLURM_WORD.matcher(value).matches()) {
            throw new BadInput(option + ": '" + value + "' is not allowed; expected a Slurm value of letters, digits and _.,:=-");
        }
    }

    /** The plug-in jars, for the shards and the merge to read the config with. */
    private String with() {
        return plugins.jars().stream().map(jar -> " --with " + quote(jar.toString())).reduce("", String::concat);
    }

    /** Single-quoted for the shell. */
    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
