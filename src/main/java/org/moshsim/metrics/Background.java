package org.moshsim.metrics;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Writing result files on a second thread while the first writes others. */
public final class Background {
    private Background() {
    }

    /** Starts {@code work} on a new daemon thread. */
    public static CompletableFuture<Void> run(String name, Runnable work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                work.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    /** Waits for the work, rethrowing what it threw as it was thrown. */
    public static void join(CompletableFuture<Void> work) {
        try {
            work.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
