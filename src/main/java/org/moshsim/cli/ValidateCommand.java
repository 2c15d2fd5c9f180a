package org.moshsim.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.moshsim.config.Experiment;
import org.moshsim.config.ExperimentReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks a config and says what it would run, without running it.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CONFIG", description = "the experiment's YAML file")
    private Path config;

    @Override
    public Integer call() {
        Experiment experiment = ExperimentReader.read(config, null);
        int protocols = experiment.points().get(0).protocols().size();
        System.out.printf("%s: valid; %d point(s) x %d protocol(s) x %d seed(s) = %d runs%n", experiment.name(),
                experiment.points().size(), protocols, experiment.seeds(), experiment.runCount());
        if (!experiment.sweptKeys().isEmpty()) {
            System.out.println("swept: " + String.join(", ", experiment.sweptKeys()));
        }
        return 0;
    }
}
