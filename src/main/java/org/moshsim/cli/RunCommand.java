package org.moshsim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.moshsim.BadInput;
import org.moshsim.backend.Backends;
import org.moshsim.config.Experiment;
import org.moshsim.config.ExperimentReader;
import org.moshsim.config.Study;
import org.moshsim.config.StudyReader;
import org.moshsim.config.StudySpec;
import org.moshsim.metrics.Background;
import org.moshsim.metrics.ConfigYaml;
import org.moshsim.metrics.MetricsCsv;
import org.moshsim.metrics.MetricsTable;
import org.moshsim.metrics.RunJson;
import org.moshsim.report.Report;
import org.moshsim.report.Summary;
import org.moshsim.simulation.ExperimentRunner;
import org.moshsim.study.Studies;
import org.moshsim.study.StudyFiles;
import org.moshsim.study.StudyResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs an experiment config; writes summary.md, summary.csv, metrics.csv, its figures (PNG, PDF and SVG), "
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
        Study study = StudyReader.readIfStudy(config, seeds);
        if (study != null) {
            return runStudy(study);
        }
        Experiment experiment = ExperimentReader.read(config, seeds);
        Backends.Choice choice = Backends.choose(backend);
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

        CompletableFuture<Void> report = Background.run("report", () -> Report.write(dir, table, PlotCommand.analysis(experiment)));
        MetricsCsv.write(dir, table);
        ConfigYaml.write(dir, experiment.resolved(), "resolved by moshsim " + Version.version() + " from " + config);
        Background.join(report);
        Map<String, Object> provenance = provenance(started);
        provenance.put("backend", choice.factory().name());
        provenance.put("threads", threadCount);
        provenance.put("runs", experiment.runCount());
        provenance.put("simulation_seconds", simulationSeconds);
        RunJson.write(dir, provenance);

        int cut = Summary.cutByRounds(table, experiment.targets());
        if (cut > 0) {
            System.err.printf("moshsim: %s: %d of %d runs stopped at their rounds before reaching every target; their times to "
                    + "it are censored there (summary.md lists them; raise rounds to let them run on)%n", experiment.name(), cut,
                    experiment.runCount());
        }
        System.out.printf("%s: %d runs in %.2f s on %s (%d threads)%n", experiment.name(), experiment.runCount(),
                simulationSeconds, choice.factory().name(), threadCount);
        System.out.println("results: " + dir + "/ (" + String.join(", ", Report.files(experiment.figures(), experiment.measures()))
                + ", metrics.csv, config.yaml, run.json)");
        return 0;
    }

    /**
     * A study measures its method on its own terms, not in a simulated swarm, on the CPU; only the compression
     * study's sparsifiers also run on the GPU.
     */
    private Integer runStudy(Study study) {
        boolean gpu = study.spec() instanceof StudySpec.Compression && Backends.choose(backend).factory() == Backends.CUDA;
        Path dir = out != null ? out : Path.of("results", study.name());
        prepare(dir);
        Instant started = Instant.now();
        System.err.println(study.name() + ": running the study (" + study.seeds() + (study.seeds() == 1 ? " seed" : " seeds") + ")");
        StudyResult result;
        try (ProgressReporter progress = ProgressReporter.open(study.name(), Studies.runCount(study))) {
            result = Studies.run(study, gpu, progress);
        }
        double seconds = Duration.between(started, Instant.now()).toNanos() / 1e9;
        List<String> files = StudyFiles.write(dir, study.name(), result);
        ConfigYaml.write(dir, study.resolved(), "resolved by moshsim " + Version.version() + " from " + config);
        Map<String, Object> provenance = provenance(started);
        provenance.put("study", study.spec().getClass().getSimpleName());
        provenance.put("seeds", study.seeds());
        provenance.put("backend", gpu ? "cuda" : "cpu");
        provenance.put("study_seconds", seconds);
        RunJson.write(dir, provenance);
        System.out.printf("%s: study done in %.2f s%n", study.name(), seconds);
        System.out.println("results: " + dir + "/ (" + String.join(", ", files) + ", config.yaml, run.json)");
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
