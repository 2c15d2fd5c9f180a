package org.moshsim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.moshsim.config.Experiment;
import org.moshsim.config.ExperimentReader;
import org.moshsim.config.Point;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.metrics.ResultsFolder;
import org.moshsim.simulation.RoundTime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks a config and its results folder and says what it would run, without running it; warns (exit "
                + "status 0) where rounds would stop synchronous runs well short of the time horizon.")
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    private Plugins plugins = new Plugins();

    /** Rounds that cover less than this fraction of the horizon are worth a warning (the estimate ignores failures). */
    static final double SHORT = 0.5;

    @Parameters(paramLabel = "CONFIG", description = "the experiment's YAML file")
    private Path config;

    @Option(names = "--out", paramLabel = "DIR", description = "the results folder to check (default: results/<name>)")
    private Path out;

    @Option(names = "--seeds", paramLabel = "N", description = "as 'run --seeds N'")
    private Integer seeds;

    @Override
    public Integer call() {
        Experiment experiment = ExperimentReader.read(config, seeds, plugins.catalogue());
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
        roundsWarnings(experiment, config.toString()).forEach(System.err::println);
        return 0;
    }

    /**
     * A line per synchronous protocol whose {@code rounds}, at the first point, take well under the time horizon: its
     * runs would stop there, before the horizon and perhaps before their targets.
     */
    static List<String> roundsWarnings(Experiment experiment, String file) {
        Point first = experiment.points().get(0);
        double horizon = first.scenario().timing().horizon();
        int rounds = first.scenario().rounds();
        List<String> warnings = new ArrayList<>();
        if (!Double.isFinite(horizon)) {
            return warnings;
        }
        for (ProtocolSpec protocol : first.protocols()) {
            if (protocol.async()) {
                continue;
            }
            double round = RoundTime.firstRound(first.scenario(), protocol);
            if (round > 0 && rounds * round < SHORT * horizon) {
                warnings.add(String.format(Locale.ROOT, "moshsim: warning: %s: rounds: %d rounds of %s take about %.3g s (%.3g s a "
                        + "round, from its first round at the first point), well short of timing.horizon: %.3g s; its runs will stop "
                        + "there. Raise rounds to about %d to reach the horizon", file, rounds, protocol.label(), rounds * round,
                        round, horizon, (long) Math.ceil(horizon / round)));
            }
        }
        return warnings;
    }
}
