package org.moshsim.simulation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.moshsim.Measure;
import org.moshsim.backend.Backend;
import org.moshsim.backend.BackendFactory;
import org.moshsim.config.Experiment;
import org.moshsim.config.Point;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.config.Scenario;
import org.moshsim.metrics.MetricsTable;
import org.moshsim.metrics.Series;

/**
 * Runs every point x protocol x seed of an experiment, or any subset of them. Small runs go in parallel, one per
 * thread, each with its own backend; large runs go one at a time with the backend spreading each operation over
 * all threads. Either way each run's numbers depend only on its seed, so results never depend on the thread count.
 */
public final class ExperimentRunner {
    /** Below this many values per run, whole runs are the unit of parallelism. */
    static final long SMALL_RUN_VALUES = 1 << 20;

    /**
     * One run of a sweep; {@code index} is its place in the canonical order (point, then protocol, then seed); it records
     * {@code measures}, the experiment's, the same for all its runs.
     */
    public record Run(int index, Point point, ProtocolSpec protocol, int seed, List<Measure> measures) {
        long values() {
            return (long) point.scenario().peers() * point.scenario().dim();
        }

        /**
         * A rough cost, for sharing runs out evenly: peers x (values + bookkeeping) x rounds, where an asynchronous
         * run's rounds are its horizon over the shortest thing a round waits for, and a training step costs a
         * batch of examples through the model on every peer.
         */
        public double cost() {
            Scenario s = point.scenario();
            double rounds = s.rounds();
            if (protocol.async()) {
                double step = Math.max(s.network().matchmaking(), Math.max(s.compute(), s.training() == null ? 0 : s.training().stepTime()));
                rounds = step > 0 ? Math.min(s.timing().horizon() / step, 1e9) : s.rounds();
            }
            double perRound = s.peers() * (s.dim() + 32.0);
            if (s.training() != null) {
                int localSteps = protocol instanceof ProtocolSpec.Trained t ? t.localSteps() : 1;
                perRound += (double) s.peers() * localSteps * s.training().batch() * s.dim();
            }
            return rounds * perRound;
        }

        /** The run's measurements with its point, protocol and seed. */
        Series identify(Series series) {
            return series.identified(point.coordinates(), protocol.label(), seed);
        }
    }

    /** A finished run and its measurements, identified. */
    public record Finished(Run run, Series series) {
    }

    private ExperimentRunner() {
    }

    /** Every run of an experiment in the canonical order. */
    public static List<Run> runs(Experiment experiment) {
        List<Run> runs = new ArrayList<>();
        for (Point point : experiment.points()) {
            for (ProtocolSpec protocol : point.protocols()) {
                for (int seed = 0; seed < experiment.seeds(); seed++) {
                    runs.add(new Run(runs.size(), point, protocol, seed, experiment.measures()));
                }
            }
        }
        return runs;
    }

    /** Runs the whole experiment on {@code threads} threads; {@code progress} hears the count of finished runs. */
    public static MetricsTable run(Experiment experiment, BackendFactory backends, int threads, IntConsumer progress) {
        List<Run> runs = runs(experiment);
        Series[] results = new Series[runs.size()];
        AtomicInteger finished = new AtomicInteger();
        run(runs, backends, threads, () -> false, done -> {
            results[done.run().index()] = done.series();
            progress.accept(finished.incrementAndGet());
        });
        return new MetricsTable(experiment.sweptKeys(), List.of(results));
    }

    /**
     * Runs {@code runs} on {@code threads} threads, handing each finished run to {@code done} (from any thread) as
     * it finishes; once {@code stop} says so, starts no more runs.
     */
    public static void run(List<Run> runs, BackendFactory backends, int threads, BooleanSupplier stop, Consumer<Finished> done) {
        boolean[] ran = new boolean[runs.size()];
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            List<Integer> small = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                if (backends.concurrentRuns() && runs.get(i).values() < SMALL_RUN_VALUES) {
                    small.add(i);
                }
            }
            if (!small.isEmpty()) {
                List<Backend> opened = Collections.synchronizedList(new ArrayList<>());
                ThreadLocal<Backend> perThread = ThreadLocal.withInitial(() -> {
                    Backend backend = backends.open(null);
                    opened.add(backend);
                    return backend;
                });
                try {
                    pool.submit(() -> small.parallelStream().forEach(i -> {
                        if (!stop.getAsBoolean()) {
                            Run run = runs.get(i);
                            done.accept(new Finished(run, run.identify(execute(run, perThread.get()))));
                        }
                    })).join();
                } finally {
                    opened.forEach(Backend::close);
                }
                small.forEach(i -> ran[i] = true);
            }
            List<Run> large = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                if (!ran[i]) {
                    large.add(runs.get(i));
                }
            }
            if (!large.isEmpty() && !stop.getAsBoolean()) {
                try (Backend shared = backends.open(pool)) {
                    for (Run run : large) {
                        if (stop.getAsBoolean()) {
                            break;
                        }
                        done.accept(new Finished(run, run.identify(execute(run, shared))));
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Series execute(Run run, Backend backend) {
        return Simulation.run(run.point().scenario(), run.protocol(), run.seed(), backend, run.measures());
    }
}
