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

    /**
     * Setup (c) as the authors' code trains it: both sides accumulate to 4096 sequences per global step, only on the CPU
     * backend (cuda is bad input, in one line); in a shorter run Moshpit SGD on the swarm and both protocols on the server
     * train, the server's steps at its pace.
     */
    @Test
    void swarmAndServerAccumulateToOneGlobalBatch() throws IOException {
        Path file = Path.of("experiments/training/preemptible-66.yaml");
        Experiment shipped = ExperimentReader.read(file, null, Protocols.catalogue());
        assertEquals("training mode target-batch", shipped.cpuOnly());
        org.moshsim.BadInput refused = org.junit.jupiter.api.Assertions.assertThrows(org.moshsim.BadInput.class,
                () -> Backends.choose("cuda", shipped.cpuOnly()));
        assertEquals("--backend cuda: training mode target-batch, which only the CPU backend runs so far; use --backend cpu or auto",
                refused.getMessage());
        for (var point : shipped.points()) {
            assertEquals(4096, point.scenario().training().targetBatch());
        }
        String text = Files.readString(file).replace("seeds: 5", "seeds: 1").replace("horizon: 7200s", "horizon: 300s");
        Experiment experiment = ExperimentReader.parse(file.toString(), text, 1, Protocols.catalogue());
        MetricsTable table = ExperimentRunner.run(experiment, Backends.CPU, 2, finished -> { });
        // All-reduce SGD on the swarm stalls at the first preemption (a ring of everyone); the others train.
        for (Series run : List.of(table.series().get(0), table.series().get(2), table.series().get(3))) {
            double[] loss = run.values(Measure.LOSS);
            assertTrue(loss[run.last()] < 0.8 * loss[0], run.protocol() + " trains: " + loss[0] + " -> " + loss[run.last()]);
        }
        // The server: 4096 / (8 x 26.64 x 0.913 sequences per second) = 21 s per global step, plus a 10 ms all-reduce.
        Series server = table.series().get(table.series().size() - 1);
        double perStep = server.time()[server.last()] / server.round()[server.last()];
        assertTrue(perStep > 21 && perStep < 21.6, "the server's step: " + perStep + " s");
    }
}
