package org.moshsim.cli;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress over finished runs: a bar with ETA on a terminal; elsewhere (nohup, a batch scheduler's log) a plain
 * line every few seconds with runs done, runs per second and the time left. {@code --quiet} shows neither;
 * {@code --verbose} adds a line per finished run.
 */
final class ProgressReporter implements IntConsumer, AutoCloseable {
    /** How much to say. */
    enum Mode { QUIET, NORMAL, VERBOSE }

    static final long LINE_INTERVAL_MILLIS = 5000;

    private final String task;
    private final int total;
    private final int before;
    private final Mode mode;
    private final PrintStream err;
    private final ProgressBar bar;
    private final Thread ticker;
    private final long start = System.nanoTime();
    private final AtomicInteger done;

    ProgressReporter(String task, int total, int before, Mode mode, boolean terminal, PrintStream err, long intervalMillis) {
        this.task = task;
        this.total = total;
        this.before = before;
        this.mode = mode;
        this.err = err;
        this.done = new AtomicInteger(before);
        boolean shown = mode != Mode.QUIET;
        bar = shown && terminal ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" runs", 1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().startsFrom(before, java.time.Duration.ZERO)
                .build() : null;
        if (shown && !terminal) {
            ticker = new Thread(() -> {
                try {
                    while (true) {
                        Thread.sleep(intervalMillis);
                        err.println(line());
                    }
                } catch (InterruptedException e) {
                    // closed
                }
            }, "progress");
            ticker.setDaemon(true);
            ticker.start();
        } else {
            ticker = null;
        }
    }

    /** Progress to stderr for {@code total} runs of which {@code before} were done earlier. */
    static ProgressReporter open(String task, int total, int before, Mode mode) {
        return new ProgressReporter(task, total, before, mode, terminalAttached(), System.err, LINE_INTERVAL_MILLIS);
    }

    /** Progress to stderr, as {@code run} shows it by default. */
    static ProgressReporter open(String task, int runs) {
        return open(task, runs, 0, Mode.NORMAL);
    }

    /** One more run finished; {@code description} names it for {@code --verbose}. */
    void finished(String description) {
        int now = done.incrementAndGet();
        step(now);
        if (mode == Mode.VERBOSE) {
            err.println(task + ": run " + now + "/" + total + " done: " + description);
        }
    }

    /** The count of runs finished so far (this process's and those before). */
    int done() {
        return done.get();
    }

    @Override
    public void accept(int finished) {
        done.set(before + finished);
        step(before + finished);
    }

    private void step(int now) {
        if (bar != null) {
            bar.stepTo(now);
        }
    }

    /** {@code name: 412/960 runs (42%), 37.5 runs/s, 15 s left}. */
    String line() {
        int now = done.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = (now - before) / seconds;
        String left = rate > 0 ? duration((total - now) / rate) + " left" : "time left unknown";
        return String.format(Locale.ROOT, "%s: %d/%d runs (%d%%), %.3g runs/s, %s", task, now, total,
                total == 0 ? 100 : (int) (100L * now / total), rate, left);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 120 ? s + " s" : s < 7200 ? (s / 60) + " min" : String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
        if (ticker != null) {
            ticker.interrupt();
        }
    }

    /** Java 22+ returns a console even when output is redirected; ask it whether it is a terminal. */
    private static boolean terminalAttached() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
