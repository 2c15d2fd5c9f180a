package org.moshsim.backend;

import java.util.concurrent.ForkJoinPool;

/** Opens backends of one kind for the runs of an experiment. */
public interface BackendFactory {
    /** "cpu" or "cuda". */
    String name();

    /** A backend for one thread's runs; it may spread each operation over {@code pool} (null: the caller's thread only). */
    Backend open(ForkJoinPool pool);

    /** Whether small independent runs may execute at once, each on its own thread with its own backend. */
    boolean concurrentRuns();
}
