package org.moshsim.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.moshsim.BadInput;
import org.moshsim.backend.BackendFactory;
import org.moshsim.config.Experiment;
import org.moshsim.metrics.MetricsTable;
import org.moshsim.metrics.ResultsFolder;
import org.moshsim.metrics.RunJournal;
import org.moshsim.metrics.Series;
import org.moshsim.simulation.ExperimentRunner;
import org.moshsim.simulation.ExperimentRunner.Run;
import org.moshsim.simulation.Shard;

/**
 * A sweep, or one shard of it, whose finished runs are durable as they finish (DESIGN.md seam 10). The runs go
 * into the journal of the results folder's work folder; the same command run again reads them back and runs
 * only the missing ones; when all are there, the result files are written beside the journal and the work folder
 * replaces the results folder as a whole.
 */
final class DurableSweep {
    /** What one call did: the runs it computed, those it found done, and whether it was interrupted. */
    record Outcome(int ran, int resumed, boolean interrupted, Path dir, List<String> files, Map<String, Integer> backends) {
    }

    private final Experiment experiment;
    private final Path config;
    private final Shard shard;
    private final RunJournal.Header header;

    DurableSweep(Experiment experiment, Path config, Shard shard) {
        this(experiment, config, shard, "");
    }

    /** A sweep whose runs also depend on {@code plugins} (the plug-in jars' identity), which the journal keys them by. */
    DurableSweep(Experiment experiment, Path config, Shard shard, String plugins) {
        this.experiment = experiment;
        this.config = config;
        this.shard = shard;
        String configText = org.moshsim.metrics.ConfigYaml.text(experiment.resolved(),
                "resolved by moshsim " + Version.version() + " from " + config);
        this.header = new RunJournal.Header(Version.build() + plugins, RunJournal.definition(experiment.runDefinition()), configText,
                shard.all() ? "" : shard.toString());
    }

    /** The journal header of this sweep's runs. */
    RunJournal.Header header() {
        return header;
    }

    /**
     * Runs what is missing of this sweep into {@code dir} and writes its result files; {@code fresh} discards
     * the runs found there instead. {@code provenanceAtEnd} gives run.json's content when the runs are done.
     */
    Outcome run(Path dir, boolean fresh, BackendFactory backend, int threads, ProgressReporter.Mode mode,
                Supplier<Map<String, Object>> provenanceAtEnd) {
        long started = System.nanoTime();
        List<Run> runs = shard.select(ExperimentRunner.runs(experiment));
        Set<String> keys = new LinkedHashSet<>();
        runs.forEach(run -> keys.add(key(run)));
        try (ResultsFolder folder = ResultsFolder.claim("--out", dir, List.of(config))) {
            Map<String, RunJournal.Entry> done = new ConcurrentHashMap<>();
            boolean published = false;
            try {
                done.putAll(earlier(folder, fresh, keys));
                int resumed = done.size();
                if (!compute(folder, runs, done, backend, threads, mode)) {
                    return new Outcome(done.size() - resumed, resumed, true, folder.work(), List.of(), Map.of());
                }
                Outcome outcome = write(folder, runs, resumed, done, provenanceAtEnd.get(), (System.nanoTime() - started) / 1e9);
                published = true;
                return outcome;
            } finally {
                if (!published && done.isEmpty()) {
                    folder.discard();
                }
            }
        }
    }

    /**
     * Runs what is not {@code done} yet, appending each finished run to the journal; false when Ctrl-C (or any
     * signal that shuts Java down) stopped it, after saying how many runs are saved.
     */
    private boolean compute(ResultsFolder folder, List<Run> runs, Map<String, RunJournal.Entry> done, BackendFactory backend,
                            int threads, ProgressReporter.Mode mode) {
        int resumed = done.size();
        List<Run> missing = runs.stream().filter(r -> !done.containsKey(key(r))).toList();
        AtomicBoolean stop = new AtomicBoolean();
        try (RunJournal journal = RunJournal.open(folder.work().resolve(RunJournal.FILE), header);
             ProgressReporter progress = ProgressReporter.open(name(), runs.size(), resumed, mode)) {
            if (mode != ProgressReporter.Mode.QUIET && resumed > 0) {
                System.err.println(name() + ": " + resumed + " of " + runs.size() + " runs were done before; running the other "
                        + missing.size());
            }
            Thread onInterrupt = new Thread(() -> {
                stop.set(true);
                journal.sync();
                System.err.println("moshsim: interrupted; " + done.size() + " of " + runs.size() + " runs are saved in "
                        + folder.work() + "; run the same command again to resume");
            }, "interrupted");
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            try {
                ExperimentRunner.run(missing, backend, threads, stop::get, finished -> {
                    RunJournal.Entry entry = new RunJournal.Entry(key(finished.run()), backend.name(), finished.series());
                    journal.append(entry);
                    done.put(entry.key(), entry);
                    progress.finished(describe(finished.run()));
                });
            } catch (UncheckedIOException e) {
                throw new UncheckedIOException(e.getMessage() + "; the " + done.size() + " finished runs are kept in "
                        + folder.work() + ": run the same command again to resume", e.getCause());
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(onInterrupt);
                } catch (IllegalStateException e) {
                    stop.set(true); // Java is shutting down: the hook says what was saved
                }
            }
        }
        return !stop.get();
    }

    /** Writes the result files beside the journal and puts the work folder in the results folder's place. */
    private Outcome write(ResultsFolder folder, List<Run> runs, int resumed, Map<String, RunJournal.Entry> done,
                          Map<String, Object> provenance, double seconds) {
        List<RunJournal.Entry> entries = runs.stream().map(run -> done.get(key(run))).toList();
        List<Series> series = entries.stream().map(RunJournal.Entry::series).toList();
        Map<String, Integer> backends = new LinkedHashMap<>();
        entries.forEach(entry -> backends.merge(entry.backend(), 1, Integer::sum));
        provenance.put("backend", backends.size() == 1 ? backends.keySet().iterator().next() : backends);
        provenance.put("runs", runs.size());
        provenance.put("runs_resumed", resumed);
        provenance.put("simulation_seconds", seconds);
        if (!shard.all()) {
            provenance.put("shard", shard.toString());
        }
        try {
            folder.clearWork(RunJournal.FILE);
            // In the runs' order rather than the order they finished in, so that the folder is the same however it was made.
            RunJournal.rewrite(folder.work().resolve(RunJournal.FILE), header, entries);
            List<String> files = ResultFiles.write(folder.work(), experiment, new MetricsTable(experiment.sweptKeys(), series),
                    !shard.all(), header.config(), provenance);
            folder.publish();
            return new Outcome(runs.size() - resumed, resumed, false, folder.dir(), files, backends);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException(e.getMessage() + "; " + folder.dir() + " is as it was, and the " + runs.size()
                    + " finished runs are kept in " + folder.work() + ": run the same command again to write the results", e.getCause());
        }
    }

    private String name() {
        return experiment.name() + (shard.all() ? "" : " shard " + shard);
    }

    String key(Run run) {
        return RunJournal.key(header, run.point().coordinates(), run.protocol().label(), run.seed());
    }

    private static String describe(Run run) {
        String point = run.point().title();
        return run.protocol().label() + (point.isEmpty() ? "" : ", " + point) + ", seed " + run.seed();
    }

    /**
     * The runs of this sweep already in the work folder's journal, or else in the results folder's (the journal
     * of a finished sweep, to which seeds were added); refuses runs of another config or build. Leaves the work
     * folder with a journal of exactly these runs under this sweep's header.
     */
    private Map<String, RunJournal.Entry> earlier(ResultsFolder folder, boolean fresh, Set<String> keys) {
        Path journalFile = folder.work().resolve(RunJournal.FILE);
        try {
            if (fresh) {
                Files.deleteIfExists(journalFile);
                return Map.of();
            }
            RunJournal.Contents inWork = RunJournal.read(journalFile);
            RunJournal.Contents source = inWork != null ? inWork : RunJournal.read(folder.dir().resolve(RunJournal.FILE));
            if (source == null) {
                return Map.of();
            }
            Path where = inWork != null ? folder.work() : folder.dir();
            check(where, source, header);
            Map<String, RunJournal.Entry> found = new HashMap<>();
            source.entries().stream().filter(e -> keys.contains(e.key())).forEach(e -> found.put(e.key(), e));
            if (inWork == null || !source.header().equals(header) || found.size() != source.entries().size()) {
                RunJournal.rewrite(journalFile, header, source.entries().stream().filter(e -> found.get(e.key()) == e).toList());
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + journalFile + ": " + ResultsFolder.describe(e), e);
        }
    }

    /** Refuses runs made by another build or for another config, naming what differs. */
    static void check(Path where, RunJournal.Contents found, RunJournal.Header expected) {
        RunJournal.Header old = found.header();
        String runs = found.entries().size() + " finished run" + (found.entries().size() == 1 ? "" : "s");
        String remedy = "; run with --fresh to discard them and start over, or give another --out";
        if (!old.build().equals(expected.build())) {
            throw new BadInput(where + ": its " + runs + " were made by moshsim " + old.build() + ", this is moshsim "
                    + expected.build() + remedy);
        }
        if (!old.definition().equals(expected.definition())) {
            throw new BadInput(where + ": its " + runs + " are of another config (" + changed(old.definition(), expected.definition())
                    + " changed)" + remedy);
        }
    }

    /** The top-level keys whose values differ between two definitions. */
    static String changed(String before, String now) {
        try {
            ObjectMapper json = new ObjectMapper();
            TypeReference<Map<String, Object>> map = new TypeReference<>() {
            };
            Map<String, Object> a = json.readValue(before, map);
            Map<String, Object> b = json.readValue(now, map);
            Set<String> keys = new TreeSet<>(a.keySet());
            keys.addAll(b.keySet());
            Set<String> differing = new LinkedHashSet<>();
            keys.stream().filter(k -> !java.util.Objects.equals(a.get(k), b.get(k))).forEach(differing::add);
            return differing.isEmpty() ? "its values" : String.join(", ", differing);
        } catch (IOException e) {
            return "its values";
        }
    }
}
