package org.moshsim.simulation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.moshsim.Measure;
import org.moshsim.backend.Backend;
import org.moshsim.backend.BackendFactory;
import org.moshsim.config.Experiment;
import org.moshsim.config.Point;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.metrics.MetricsTable;
import org.moshsim.metrics.Series;

/**
 * Runs every point x protocol x seed of an experiment. Small runs go in parallel, one per thread, each with
 * its own backend; large runs go one at a time with the backend spreading each operation over all threads.
 * Either way each run's numbers depend only on its seed, so results never depend on the thread count.
 */
public final class ExperimentRunner {
    /** Below this many values per run, whole runs are the unit of parallelism. */
    static final long SMALL_RUN_VALUES = 1 << 20;

    private record Run(int index, Point point, ProtocolSpec protocol, int seed) {
        long values() {
            return (long) point.scenario().peers() * point.scenario().dim();
        }
    }

    private ExperimentRunner() {
    }

    /** Runs the experiment on {@code threads} threads; {@code progress} hears the count of finished runs. */
    public static MetricsTable run(Experiment experiment, BackendFactory backends, int threads, IntConsumer progress) {
        List<Run> runs = new ArrayList<>();
        for (Point point : experiment.points()) {
            for (ProtocolSpec protocol : point.protocols()) {
                for (int seed = 0; seed < experiment.seeds(); seed++) {
                    runs.add(new Run(runs.size(), point, protocol, seed));
                }
            }
        }
        Series[] results = new Series[runs.size()];
        AtomicInteger finished = new AtomicInteger();
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            List<Run> small = runs.stream().filter(r -> backends.concurrentRuns() && r.values() < SMALL_RUN_VALUES).toList();
            if (!small.isEmpty()) {
                List<Backend> opened = Collections.synchronizedList(new ArrayList<>());
                ThreadLocal<Backend> perThread = ThreadLocal.withInitial(() -> {
                    Backend backend = backends.open(null);
                    opened.add(backend);
                    return backend;
                });
                try {
                    pool.submit(() -> small.parallelStream().forEach(run -> {
                        results[run.index()] = execute(run, perThread.get(), experiment.measures());
                        progress.accept(finished.incrementAndGet());
                    })).join();
                } finally {
                    opened.forEach(Backend::close);
                }
            }
            List<Run> large = runs.stream().filter(r -> results[r.index()] == null).toList();
            if (!large.isEmpty()) {
                try (Backend shared = backends.open(pool)) {
                    for (Run run : large) {
                        results[run.index()] = execute(run, shared, experiment.measures());
                        progress.accept(finished.incrementAndGet());
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<Series> series = new ArrayList<>();
        for (Run run : runs) {
            series.add(results[run.index()].identified(run.point().coordinates(), run.protocol().label(), run.seed()));
        }
        return new MetricsTable(experiment.sweptKeys(), series);
    }

    private static Series execute(Run run, Backend backend, List<Measure> measures) {
        return Simulation.run(run.point().scenario(), run.protocol(), run.seed(), backend, measures);
    }
}
