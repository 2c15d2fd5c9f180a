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
import org.moshsim.metrics.Series;
import org.moshsim.protocol.Protocols;
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
        Experiment figure = ExperimentReader.read(Path.of("experiments/averaging/paper-figure.yaml"), 3, Protocols.catalogue());
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
                ""), null, Protocols.catalogue());
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
                    assertEquals(e.roundsTo().get(t), a.roundsTo().get(t), where + " rounds to target " + t);
                }
                double floor = 1e-12 * cpu.series().get(0).mse()[0];
                double em = e.finals().get(Measure.MSE).mean();
                double am = a.finals().get(Measure.MSE).mean();
                assertTrue(Math.abs(am - em) <= 1e-6 * em || (em < floor && am < floor), where + ": final mse " + am + " vs " + em);
            }
        }
    }

    /**
     * Training in simulated time gives the same curves on both backends: the timing does not depend on the
     * values, so every sample lines up, and losses agree within 1e-4 relative and accuracies within two test
     * examples (the model kernels differ only in the last bits of exp, log and tanh).
     */
    @Test
    void trainingAgrees() {
        assumeTrue(Cuda.status().usable(), () -> "no usable GPU: " + Cuda.status().reason());
        Experiment experiment = ExperimentReader.parse("training.yaml", String.join("\n",
                "name: training",
                "peers: 16",
                "seeds: 2",
                "rounds: 200",
                "training: {model: mlp, dataset: digits, hidden: 32, batch: 32, learning-rate: 0.1, l2: 1.0e-4, "
                        + "step-time: 0.3s, step-noise: 0.1}",
                "swarm: {bandwidth: 1Gbit/s, latency: 1ms}",
                "network: {payload: 102.4MB, matchmaking: 0.5s}",
                "timing: {horizon: 120s, sample: 10s}",
                "averaging: {apply: current}", // the CUDA backend averages current rows only (snapshots: CPU)
                "targets: [0.25]",
                "protocols:",
                "  - {type: moshpit, grid: [4, 4]}",
                "  - {type: push-sum, out-degree: 1, overlap: true, label: sgp}",
                "  - {type: ad-psgd}",
                ""), null, Protocols.catalogue());
        assertTrainingCurvesAgree(experiment, false);
    }

    /**
     * Synchronous training by gradient exchange gives the same curves on both backends: a ring of exact gradients,
     * Moshpit's butterfly groups sending int8, and a parameter server, each also over lossy links
     * (received-only; a server's lost broadcast packets leave stale values). The arithmetic of exchanging is the CPU's to
     * the bit, and the models' gradients differ only in the last bits of exp and tanh, so losses agree within 1e-4 relative,
     * accuracies within two test examples, and the aggregates' relative error within 1e-4 relative (1e-9 absolute).
     * (Sparsifiers and the float16 ring, whose choices and roundings can flip on a last bit, are checked to the bit on
     * least squares in CudaGradientExchangeTest.)
     */
    @Test
    void gradientExchangeAgrees() {
        assumeTrue(Cuda.status().usable(), () -> "no usable GPU: " + Cuda.status().reason());
        Experiment experiment = ExperimentReader.parse("gradients.yaml", String.join("\n",
                "name: gradients",
                "peers: 16",
                "seeds: 2",
                "rounds: 60",
                "training: {model: mlp, dataset: digits, hidden: 32, batch: 32, learning-rate: 0.2, l2: 1.0e-4, step-time: 0.1s}",
                "swarm: {bandwidth: 10Gbit/s, latency: 0.5ms}",
                "network: {payload: 102.4MB}",
                "accuracy-targets: [0.8]",
                "protocols:",
                "  - {type: all-reduce, exchange: gradients, label: exact}",
                "  - {type: moshpit, grid: [4, 4], exchange: gradients, compression: int8, label: moshpit-int8}",
                "  - {type: parameter-server, label: server}",
                "points:",
                "  - {label: lossless, packet-loss: {rate: 0, packet: 1400B, aggregation: received-only}}",
                "  - {label: lossy, packet-loss: {rate: 0.1, packet: 1400B, aggregation: received-only}}",
                ""), null, Protocols.catalogue());
        assertTrainingCurvesAgree(experiment, true);
    }

    /**
     * Runs a training experiment on both backends: the same samples at the same times, losses within 1e-4 relative,
     * accuracies within two test examples and, with {@code aggregateErrors}, the aggregates' relative error within 1e-4
     * relative (1e-9 absolute).
     */
    private static void assertTrainingCurvesAgree(Experiment experiment, boolean aggregateErrors) {
        MetricsTable cpu = ExperimentRunner.run(experiment, Backends.CPU, 2, finished -> { });
        MetricsTable gpu = ExperimentRunner.run(experiment, Backends.CUDA, 1, finished -> { });
        assertEquals(cpu.series().size(), gpu.series().size());
        for (int r = 0; r < cpu.series().size(); r++) {
            Series e = cpu.series().get(r);
            Series a = gpu.series().get(r);
            String where = e.coordinates() + " " + e.protocol() + " seed " + e.seed();
            assertEquals(e.time().length, a.time().length, where + ": samples");
            double[] el = e.values(Measure.LOSS);
            double[] al = a.values(Measure.LOSS);
            double[] ea = e.values(Measure.ACCURACY);
            double[] aa = a.values(Measure.ACCURACY);
            double[] ee = aggregateErrors ? e.values(Measure.AGGREGATE_ERROR) : null;
            double[] ae = aggregateErrors ? a.values(Measure.AGGREGATE_ERROR) : null;
            for (int k = 0; k < el.length; k++) {
                assertEquals(e.time()[k], a.time()[k], where + ": sample time " + k);
                assertTrue(Math.abs(al[k] - el[k]) <= 1e-4 * el[k], where + ": loss " + al[k] + " vs " + el[k] + " at sample " + k);
                assertEquals(ea[k], aa[k], 2.0 / 360, where + ": accuracy at sample " + k);
                if (aggregateErrors) {
                    assertTrue(Double.isNaN(ee[k]) ? Double.isNaN(ae[k]) : Math.abs(ae[k] - ee[k]) <= 1e-4 * ee[k] + 1e-9,
                            where + ": aggregate error " + ae[k] + " vs " + ee[k] + " at sample " + k);
                }
            }
        }
    }
}
