package org.moshsim.report;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.moshsim.metrics.Background;
import org.moshsim.metrics.MetricsTable;

/** Everything a results folder shows of its metrics: the summary tables and the figures. */
public final class Report {
    private Report() {
    }

    /** Writes summary.csv, summary.md and the figures named (rounds, time, speedup); the figures on a second thread. */
    public static void write(Path dir, MetricsTable table, List<Double> targets, List<String> figures, String title) {
        CompletableFuture<Void> drawn = Background.run("figures", () -> figures(dir, table, targets, figures, title));
        Summary.write(dir, table, targets);
        Background.join(drawn);
    }

    /** Writes the figures only: {@code mse} against rounds, {@code mse-time} against seconds, {@code speedup}. */
    public static void figures(Path dir, MetricsTable table, List<Double> targets, List<String> figures, String title) {
        if (figures.contains("rounds")) {
            MseChart.render(dir, table, title, false);
        }
        if (figures.contains("time")) {
            MseChart.render(dir, table, title, true);
        }
        if (figures.contains("speedup")) {
            SpeedupChart.render(dir, Summary.compute(table, targets), targets, title);
        }
    }

    /** The files the figures named are drawn into. */
    public static List<String> files(List<String> figures) {
        List<String> files = new java.util.ArrayList<>();
        for (String figure : figures) {
            String name = figure.equals("rounds") ? MseChart.ROUNDS : figure.equals("time") ? MseChart.TIME : SpeedupChart.NAME;
            files.add(name + ".png");
            files.add(name + ".svg");
        }
        return files;
    }
}
