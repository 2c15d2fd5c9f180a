package org.moshsim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.moshsim.BadInput;
import org.moshsim.Measure;
import org.moshsim.Target;
import org.moshsim.config.Experiment;
import org.moshsim.config.ExperimentReader;
import org.moshsim.metrics.ConfigYaml;
import org.moshsim.metrics.MetricsCsv;
import org.moshsim.metrics.MetricsTable;
import org.moshsim.metrics.Series;
import org.moshsim.report.Analysis;
import org.moshsim.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Re-renders the summary tables and the figures of a results folder from its metrics.csv (the targets, "
                + "reference, comparisons and figures from its config.yaml), without re-running.")
final class PlotCommand implements Callable<Integer> {
    @Mixin
    private Plugins plugins = new Plugins();

    @Parameters(paramLabel = "RESULT_DIR", description = "a folder written by 'moshsim run'")
    private Path dir;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            throw new BadInput(dir + ": no such folder; give a folder written by 'moshsim run'");
        }
        MetricsTable table = MetricsCsv.read(dir);
        if (table.series().isEmpty()) {
            throw new BadInput(dir.resolve(MetricsCsv.FILE) + ": holds no rows to plot");
        }
        Path config = dir.resolve(ConfigYaml.FILE);
        Analysis analysis;
        if (Files.exists(config)) {
            analysis = analysis(ExperimentReader.read(config, null, plugins.catalogue()));
        } else {
            int seeds = (int) table.series().stream().mapToInt(Series::seed).distinct().count();
            analysis = new Analysis(List.of(new Target(Measure.MSE, 1e-4), new Target(Measure.MSE, 1e-9)), null, List.of(),
                    Math.min(3, seeds), Experiment.TIME_FIGURES, dir.toAbsolutePath().normalize().getFileName().toString());
        }
        Report.write(dir, table, analysis);
        System.out.println("wrote " + String.join(", ", Report.files(analysis.figures(), table.measures())) + " in " + dir);
        return 0;
    }

    /** What a results folder's report shows, from its experiment. */
    static Analysis analysis(Experiment experiment) {
        return new Analysis(experiment.targets(), experiment.reference(), experiment.comparisons(), experiment.minSeeds(),
                experiment.figures(), experiment.name());
    }
}
