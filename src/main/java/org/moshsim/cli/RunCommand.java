package org.moshsim.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.moshsim.BadInput;
import org.moshsim.backend.Backends;
import org.moshsim.config.Experiment;
import org.moshsim.config.ExperimentReader;
import org.moshsim.metrics.ConfigYaml;
import org.moshsim.metrics.ResultsFolder;
import org.moshsim.metrics.RunJson;
import org.moshsim.simulation.Shard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs an experiment config; writes summary.md, summary.csv, metrics.csv, its figures (PNG, PDF and SVG), "
                + "config.yaml and run.json to the results folder.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    private Plugins plugins = new Plugins();

    /** The exit status of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
    static final int INTERRUPTED = 130;

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

    @Option(names = "--shard", paramLabel = "K/N", description = "run only shard K of N: a deterministic share of the runs, "
            + "balanced by their estimated cost; join the shards' folders with 'moshsim merge'")
    private String shard;

    @Option(names = "--fresh", description = "discard the finished runs found in the results folder and start over")
    private boolean fresh;

    @Option(names = "--quiet", description = "no progress and no notes, only errors and the closing lines")
    private boolean quiet;

    @Option(names = "--verbose", description = "a line for every finished run")
    private boolean verbose;

    @Override
    public Integer call() {
        Experiment experiment = ExperimentReader.read(config, seeds, plugins.catalogue());
        Shard part = shard == null ? Shard.ALL : Shard.parse("--shard", shard);
        if (quiet && verbose) {
            throw new BadInput("--quiet and --verbose: give one or the other");
        }
        Backends.Choice choice = Backends.choose(backend);
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (threadCount < 1) {
            throw new BadInput("--threads: " + threadCount + " is not allowed; expected an integer >= 1");
        }
        Path dir = out != null ? out : Path.of("results", experiment.name() + (part.all() ? "" : ".shard-" + part.index() + "-of-" + part.count()));
        ResultsFolder.check("--out", dir, List.of(config));
        if (choice.note() != null && !quiet) {
            System.err.println(choice.note());
        }

        Instant started = Instant.now();
        ProgressReporter.Mode mode = quiet ? ProgressReporter.Mode.QUIET : verbose ? ProgressReporter.Mode.VERBOSE
                : ProgressReporter.Mode.NORMAL;
        DurableSweep.Outcome outcome = new DurableSweep(experiment, config, part, plugins.identity()).run(dir, fresh, choice.factory(), threadCount, mode, () -> {
                    Map<String, Object> provenance = provenance(started);
                    provenance.put("threads", threadCount);
                    return provenance;
                });
        if (outcome.interrupted()) {
            return INTERRUPTED;
        }
        double seconds = Duration.between(started, Instant.now()).toNanos() / 1e9;
        System.out.printf("%s: %d runs in %.2f s on %s (%d threads)%s%n", experiment.name() + (part.all() ? "" : " shard " + part),
                outcome.ran() + outcome.resumed(), seconds, String.join(", ", outcome.backends().keySet()), threadCount,
                outcome.resumed() > 0 ? "; " + outcome.resumed() + " of them done before" : "");
        System.out.println("results: " + dir + "/ (" + String.join(", ", outcome.files()) + ")");
        if (!part.all()) {
            System.out.println("join the " + part.count() + " shards with: moshsim merge DIR... --out DIR");
        }
        return 0;
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
