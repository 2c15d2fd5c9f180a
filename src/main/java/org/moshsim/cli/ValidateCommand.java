package org.moshsim.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.moshsim.config.Experiment;
import org.moshsim.config.ExperimentReader;
import org.moshsim.config.Point;
import org.moshsim.metrics.ResultsFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks a config and its results folder and says what it would run, without running it.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CONFIG", description = "the experiment's YAML file")
    private Path config;

    @Option(names = "--out", paramLabel = "DIR", description = "the results folder to check (default: results/<name>)")
    private Path out;

    @Option(names = "--seeds", paramLabel = "N", description = "as 'run --seeds N'")
    private Integer seeds;

    @Override
    public Integer call() {
        Experiment experiment = ExperimentReader.read(config, seeds);
        Path dir = out != null ? out : Path.of("results", experiment.name());
        ResultsFolder.check("--out", dir, List.of(config));
        int protocols = experiment.points().get(0).protocols().size();
        System.out.printf("%s: valid; %d point(s) x %d protocol(s) x %d seed(s) = %d runs%n", experiment.name(),
                experiment.points().size(), protocols, experiment.seeds(), experiment.runCount());
        if (!experiment.sweptKeys().isEmpty()) {
            System.out.println("swept: " + String.join(", ", experiment.sweptKeys()));
        }
        // The matrix lives where the backend runs: on a GPU machine a matrix larger than this JVM is fine.
        long largest = experiment.points().stream().map(Point::scenario).mapToLong(s -> (long) s.peers() * s.dim()).max().orElse(0);
        double bytes = 4.0 * largest;
        if (bytes > Runtime.getRuntime().maxMemory()) {
            System.out.printf("note: the largest point's %d values need %.1f GiB, more than the %.1f GiB this JVM may use: the CPU "
                    + "backend would refuse it here (a GPU with that much memory, or JAVA_OPTS=-Xmx..., would not)%n", largest,
                    bytes / 0x1p30, Runtime.getRuntime().maxMemory() / 0x1p30);
        }
        System.out.println("results: " + dir + "/");
        return 0;
    }
}
