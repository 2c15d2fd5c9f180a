package org.moshsim.cli;

import java.io.Console;
import java.util.function.IntConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar with ETA over finished runs, shown only when a terminal is attached. */
final class ProgressReporter implements IntConsumer, AutoCloseable {
    private final ProgressBar bar;

    private ProgressReporter(ProgressBar bar) {
        this.bar = bar;
    }

    static ProgressReporter open(String task, int runs) {
        if (!terminalAttached()) {
            return new ProgressReporter(null);
        }
        return new ProgressReporter(new ProgressBarBuilder().setTaskName(task).setInitialMax(runs).setUnit(" runs", 1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build());
    }

    @Override
    public void accept(int finished) {
        if (bar != null) {
            bar.stepTo(finished);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
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
