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
import org.moshsim.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Re-renders the figures of a results folder from its metrics.csv (which ones and the targets from its "
                + "config.yaml), without re-running.")
final class PlotCommand implements Callable<Integer> {
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
        Experiment experiment = Files.exists(config) ? ExperimentReader.read(config, null) : null;
        List<Target> targets = experiment == null ? List.of(new Target(Measure.MSE, 1e-4), new Target(Measure.MSE, 1e-9))
                : experiment.targets();
        List<String> figures = experiment == null ? Experiment.TIME_FIGURES : experiment.figures();
        Report.figures(dir, table, targets, figures, dir.toAbsolutePath().normalize().getFileName().toString());
        System.out.println("wrote " + String.join(", ", Report.files(figures, table.measures())) + " in " + dir);
        return 0;
    }
}
