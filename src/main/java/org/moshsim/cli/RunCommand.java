package org.moshsim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.moshsim.BadInput;
import org.moshsim.backend.Backends;
import org.moshsim.config.Experiment;
import org.moshsim.config.ExperimentReader;
import org.moshsim.metrics.Background;
import org.moshsim.metrics.ConfigYaml;
import org.moshsim.metrics.MetricsCsv;
import org.moshsim.metrics.MetricsTable;
import org.moshsim.metrics.RunJson;
import org.moshsim.report.Report;
import org.moshsim.simulation.ExperimentRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs an experiment config; writes summary.md, summary.csv, metrics.csv, its figures (PNG and SVG), "
                + "config.yaml and run.json to the results folder.")
final class RunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CONFIG", description = "the experiment's YAML file")
    private Path config;

    @Option(names = "--out", paramLabel = "DIR", description = "the results folder (default: results/<name>)")
    private Path out;

    @Option(names = "--seeds", paramLabel = "N", description = "run every point with seeds 0..N-1 (default: the config's seeds)")
    private Integer seeds;

    @Option(names = "--backend", paramLabel = "cpu|cuda|auto", defaultValue = "auto",
            description = "where the arithmetic runs (default: ${DEFAULT-VALUE}: CUDA when a GPU is usable, else the CPU)")
    private String backend;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all cores; results do not depend on it)")
    private Integer threads;

    @Override
    public Integer call() {
        Experiment experiment = ExperimentReader.read(config, seeds);
        Backends.Choice choice = Backends.choose(backend, experiment.cpuOnly());
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (threadCount < 1) {
            throw new BadInput("--threads: " + threadCount + " is not allowed; expected an integer >= 1");
        }
        Path dir = out != null ? out : Path.of("results", experiment.name());
        prepare(dir);
        if (choice.note() != null) {
            System.err.println(choice.note());
        }

        Instant started = Instant.now();
        MetricsTable table;
        try (ProgressReporter progress = ProgressReporter.open(experiment.name(), experiment.runCount())) {
            table = ExperimentRunner.run(experiment, choice.factory(), threadCount, progress);
        }
        double simulationSeconds = Duration.between(started, Instant.now()).toNanos() / 1e9;

        CompletableFuture<Void> report = Background.run("report",
                () -> Report.write(dir, table, experiment.targets(), experiment.figures(), experiment.name()));
        MetricsCsv.write(dir, table);
        ConfigYaml.write(dir, experiment.resolved(), "resolved by moshsim " + Version.version() + " from " + config);
        Background.join(report);
        Map<String, Object> provenance = provenance(started);
        provenance.put("backend", choice.factory().name());
        provenance.put("threads", threadCount);
        provenance.put("runs", experiment.runCount());
        provenance.put("simulation_seconds", simulationSeconds);
        RunJson.write(dir, provenance);

        System.out.printf("%s: %d runs in %.2f s on %s (%d threads)%n", experiment.name(), experiment.runCount(),
                simulationSeconds, choice.factory().name(), threadCount);
        System.out.println("results: " + dir + "/ (summary.md, summary.csv, metrics.csv, "
                + String.join(", ", Report.files(experiment.figures(), experiment.measures())) + ", config.yaml, run.json)");
        return 0;
    }

    /** Checks that the results folder can be written, without creating it: bad input must leave nothing behind. */
    private static void prepare(Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new BadInput("--out: " + dir + " cannot be a folder (" + existing + " is a file)");
        }
        if (!Files.isWritable(existing)) {
            throw new BadInput("--out: " + dir + " cannot be written (" + existing + " is not writable)");
        }
    }

    /** What every run.json says: the version, the config, when it started, the wall time, Java and the OS. */
    private Map<String, Object> provenance(Instant started) {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("moshsim", Version.version());
        provenance.put("commit", Version.commit());
        provenance.put("config", config.toString());
        provenance.put("started", started.toString());
        provenance.put("wall_seconds", secondsSinceStart());
        provenance.put("java", System.getProperty("java.version"));
        provenance.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return provenance;
    }

    /** Seconds since the JVM started, so the wall time includes start-up. */
    private static double secondsSinceStart() {
        return ProcessHandle.current().info().startInstant()
                .map(start -> Duration.between(start, Instant.now()).toMillis() / 1e3).orElse(Double.NaN);
    }
}
