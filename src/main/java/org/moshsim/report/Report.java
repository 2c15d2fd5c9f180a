package org.moshsim.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.moshsim.Measure;
import org.moshsim.metrics.Background;
import org.moshsim.metrics.MetricsTable;

/** Everything a results folder shows of its metrics: the summary tables and the figures. */
public final class Report {
    private Report() {
    }

    /** Writes summary.csv, summary.md and the figures the analysis names; the figures on a second thread. */
    public static void write(Path dir, MetricsTable table, Analysis analysis) {
        CompletableFuture<Void> drawn = Background.run("figures", () -> figures(dir, table, analysis));
        Summary.write(dir, table, analysis);
        Background.join(drawn);
    }

    /** Writes the figures only: each measure against rounds, seconds or bytes sent, and the speedups. */
    public static void figures(Path dir, MetricsTable table, Analysis analysis) {
        for (Measure measure : charted(table.measures())) {
            if (analysis.figures().contains("rounds")) {
                MeasureChart.render(dir, table, measure, analysis, false);
            }
            if (analysis.figures().contains("time")) {
                MeasureChart.render(dir, table, measure, analysis, true);
            }
            if (analysis.figures().contains("bytes")) {
                MeasureChart.render(dir, table, measure, analysis, MeasureChart.Axis.BYTES);
            }
        }
        if (analysis.figures().contains("speedup")) {
            SpeedupChart.render(dir, table, analysis);
        }
    }

    /** The files written: the summaries and the figures named, each in {@code formats}. */
    public static List<String> files(List<String> figures, List<String> formats, List<Measure> measures) {
        List<String> names = new ArrayList<>();
        for (String figure : figures) {
            if (figure.equals("speedup")) {
                names.add(SpeedupChart.NAME);
            } else {
                MeasureChart.Axis axis = figure.equals("time") ? MeasureChart.Axis.TIME
                        : figure.equals("bytes") ? MeasureChart.Axis.BYTES : MeasureChart.Axis.ROUNDS;
                charted(measures).forEach(m -> names.add(MeasureChart.name(m, axis)));
            }
        }
        List<String> files = new ArrayList<>(List.of(Summary.MARKDOWN, Summary.CSV));
        names.forEach(name -> formats.forEach(extension -> files.add(name + "." + extension)));
        return files;
    }

    /** Utilisation, seconds per round and the drop rate are a run's summary, not curves worth a figure. */
    private static List<Measure> charted(List<Measure> measures) {
        return measures.stream().filter(m -> m != Measure.UTILISATION && m != Measure.STEP_TIME && m != Measure.DROP_RATE).toList();
    }
}
