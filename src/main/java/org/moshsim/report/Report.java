package org.moshsim.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.moshsim.Measure;
import org.moshsim.Target;
import org.moshsim.metrics.Background;
import org.moshsim.metrics.MetricsTable;

/** Everything a results folder shows of its metrics: the summary tables and the figures. */
public final class Report {
    private Report() {
    }

    /** Writes summary.csv, summary.md and the figures named (rounds, time, speedup); the figures on a second thread. */
    public static void write(Path dir, MetricsTable table, List<Target> targets, List<String> figures, String title) {
        CompletableFuture<Void> drawn = Background.run("figures", () -> figures(dir, table, targets, figures, title));
        Summary.write(dir, table, targets);
        Background.join(drawn);
    }

    /** Writes the figures only: each measure against rounds and against seconds, and the speedups. */
    public static void figures(Path dir, MetricsTable table, List<Target> targets, List<String> figures, String title) {
        for (Measure measure : charted(table.measures())) {
            if (figures.contains("rounds")) {
                MeasureChart.render(dir, table, measure, title, false);
            }
            if (figures.contains("time")) {
                MeasureChart.render(dir, table, measure, title, true);
            }
        }
        if (figures.contains("speedup")) {
            SpeedupChart.render(dir, Summary.compute(table, targets), targets, title);
        }
    }

    /** The files the figures named are drawn into. */
    public static List<String> files(List<String> figures, List<Measure> measures) {
        List<String> names = new ArrayList<>();
        for (String figure : figures) {
            if (figure.equals("speedup")) {
                names.add(SpeedupChart.NAME);
            } else {
                charted(measures).forEach(m -> names.add(MeasureChart.name(m, figure.equals("time"))));
            }
        }
        List<String> files = new ArrayList<>();
        names.forEach(name -> files.addAll(List.of(name + ".png", name + ".svg")));
        return files;
    }

    /** Utilisation is a run's summary, not a curve worth a figure. */
    private static List<Measure> charted(List<Measure> measures) {
        return measures.stream().filter(m -> m != Measure.UTILISATION).toList();
    }
}
