package org.moshsim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.moshsim.BadInput;
import org.moshsim.metrics.MetricsCsv;
import org.moshsim.metrics.MetricsTable;
import org.moshsim.report.MseChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Re-renders the charts of a results folder from its metrics.csv, without re-running.")
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
        MseChart.render(dir, table, dir.toAbsolutePath().normalize().getFileName().toString());
        System.out.println("wrote " + dir.resolve(MseChart.PNG) + " and " + dir.resolve(MseChart.SVG));
        return 0;
    }
}
