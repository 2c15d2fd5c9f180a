package org.moshsim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.moshsim.config.Experiment;
import org.moshsim.metrics.AtomicFiles;
import org.moshsim.metrics.Background;
import org.moshsim.metrics.ConfigYaml;
import org.moshsim.metrics.MetricsCsv;
import org.moshsim.metrics.MetricsTable;
import org.moshsim.metrics.RunJson;
import org.moshsim.report.Analysis;
import org.moshsim.report.Report;
import org.moshsim.report.Summary;

/** The files of a results folder, written the same way by {@code run} and by {@code merge}. */
final class ResultFiles {
    private ResultFiles() {
    }

    /**
     * Writes metrics.csv, config.yaml ({@code configText}) and run.json into {@code dir}, and for a whole sweep
     * (not a shard) the summary and the figures; returns the names of the files written.
     */
    static List<String> write(Path dir, Experiment experiment, MetricsTable table, boolean shard, String configText,
                              Map<String, Object> provenance) {
        List<String> files = new ArrayList<>();
        CompletableFuture<Void> report = shard ? CompletableFuture.completedFuture(null) : Background.run("report",
                () -> Report.write(dir, table, PlotCommand.analysis(experiment)));
        MetricsCsv.write(dir, table);
        files.add(MetricsCsv.FILE);
        if (!shard) {
            files.addAll(Report.files(experiment.figures(), Analysis.FORMATS, experiment.measures()));
        }
        AtomicFiles.writeText(dir.resolve(ConfigYaml.FILE), out -> out.write(configText));
        Background.join(report);
        RunJson.write(dir, provenance);
        int cut = shard ? 0 : Summary.cutByRounds(table, experiment.targets());
        if (cut > 0) {
            System.err.printf("moshsim: %s: %d of %d runs stopped at their rounds before reaching every target; their times to "
                    + "it are censored there (summary.md lists them; raise rounds to let them run on)%n", experiment.name(), cut,
                    table.series().size());
        }
        files.addAll(List.of(ConfigYaml.FILE, RunJson.FILE));
        return files;
    }
}
