package org.moshsim.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.moshsim.Measure;
import org.moshsim.backend.Backends;
import org.moshsim.backend.cuda.Cuda;
import org.moshsim.config.Experiment;
import org.moshsim.config.ExperimentReader;
import org.moshsim.metrics.MetricsTable;
import org.moshsim.report.Summary;

/**
 * Whole experiments give the same summary on the CPU and the GPU: the same rounds to every target and final
 * errors within 1e-6 relative (or both at float32's floor, below 1e-12 of the initial error, where rounding
 * noise is all that is left). Skipped, with the reason, where no GPU is usable.
 */
class BackendEquivalenceTest {
    @Test
    void paperFigureAndAWideSweepAgree() {
        assumeTrue(Cuda.status().usable(), () -> "no usable GPU: " + Cuda.status().reason());
        Experiment figure = ExperimentReader.read(Path.of("experiments/averaging/paper-figure.yaml"), 3);
        Experiment wide = ExperimentReader.parse("wide.yaml", String.join("\n",
                "name: wide",
                "peers: [64, 512]",
                "dim: [3, 1024]",
                "rounds: 8",
                "seeds: 2",
                "failures: {model: bernoulli, p: 0.05, semantics: [exclude, void]}",
                "protocols:",
                "  - {type: moshpit, variant: keys, grid: [8, 8, 8]}",
                "  - {type: push-sum, out-degree: 2}",
                "  - {type: gossip, neighbors: 2}",
                "  - {type: random-groups, group-size: 16}",
                ""), null);
        for (Experiment experiment : List.of(figure, wide)) {
            MetricsTable cpu = ExperimentRunner.run(experiment, Backends.CPU, 2, finished -> { });
            MetricsTable gpu = ExperimentRunner.run(experiment, Backends.CUDA, 1, finished -> { });
            List<Summary.Row> expected = Summary.compute(cpu, experiment.targets());
            List<Summary.Row> actual = Summary.compute(gpu, experiment.targets());
            assertEquals(expected.size(), actual.size());
            for (int r = 0; r < expected.size(); r++) {
                Summary.Row e = expected.get(r);
                Summary.Row a = actual.get(r);
                String where = experiment.name() + " " + e.coordinates() + " " + e.protocol();
                for (int t = 0; t < experiment.targets().size(); t++) {
                    assertEquals(e.roundsTo().get(t).mean(), a.roundsTo().get(t).mean(), where + " rounds to target " + t);
                }
                double floor = 1e-12 * cpu.series().get(0).mse()[0];
                double em = e.finals().get(Measure.MSE).mean();
                double am = a.finals().get(Measure.MSE).mean();
                assertTrue(Math.abs(am - em) <= 1e-6 * em || (em < floor && am < floor), where + ": final mse " + am + " vs " + em);
            }
        }
    }
}
