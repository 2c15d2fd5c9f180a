package org.moshsim.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.moshsim.Measure;
import org.moshsim.backend.Backends;
import org.moshsim.config.Experiment;
import org.moshsim.config.ExperimentReader;
import org.moshsim.metrics.MetricsTable;
import org.moshsim.metrics.Series;
import org.moshsim.protocol.Protocols;

/** The configs shipped under experiments/: one format, read by the one reader, run by the one runner. */
class ShippedExperimentsTest {
    @Test
    void everyShippedConfigValidates() throws IOException {
        List<Path> configs;
        try (Stream<Path> files = Files.walk(Path.of("experiments"))) {
            configs = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(configs.size() >= 20, "found " + configs.size() + " configs");
        for (Path config : configs) {
            Experiment experiment = ExperimentReader.read(config, null, Protocols.catalogue());
            assertTrue(experiment.runCount() > 0, config.toString());
        }
    }

    /**
     * Moshpit SGD with churn, links of three speeds, int8 compression and packet loss, by model averaging and by gradient
     * exchange, against all-reduce SGD: it validates as shipped, and a shorter run trains through all of it.
     */
    @Test
    void everythingAtOnceRunsAndTrains() throws IOException {
        Path file = Path.of("experiments/training/moshpit-adverse.yaml");
        ExperimentReader.read(file, null, Protocols.catalogue());
        String text = Files.readString(file).replace("rounds: 300", "rounds: 40").replace("horizon: 900s", "horizon: 200s");
        Experiment experiment = ExperimentReader.parse(file.toString(), text, 1, Protocols.catalogue());
        MetricsTable table = ExperimentRunner.run(experiment, Backends.CPU, 2, finished -> { });
        assertEquals(List.of("moshpit-sgd", "moshpit-gradients", "all-reduce-sgd"), table.series().stream().map(Series::protocol).toList());
        for (Series run : table.series().subList(0, 2)) {
            double[] loss = run.values(Measure.LOSS);
            assertTrue(loss[run.last()] < 0.7 * loss[0], run.protocol() + " trains: " + loss[0] + " -> " + loss[run.last()]);
            assertTrue(run.values(Measure.SPREAD)[run.last()] > 0, run.protocol() + ": churn and lost packets leave a spread");
            assertTrue(run.bytes()[run.last()] > 0);
        }
        double error = table.series().get(1).values(Measure.AGGREGATE_ERROR)[table.series().get(1).last()];
        assertTrue(error > 0 && error < 0.5, "int8 and lost packets leave an aggregate error: " + error);
        assertTrue(Double.isNaN(table.series().get(0).values(Measure.AGGREGATE_ERROR)[1]), "averaged models have no aggregate");
    }
}
