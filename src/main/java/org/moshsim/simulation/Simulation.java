package org.moshsim.simulation;

import java.util.ArrayList;
import java.util.List;
import org.moshsim.Measure;
import org.moshsim.backend.Backend;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.config.Scenario;
import org.moshsim.metrics.Series;

/** One run: a protocol averaging one scenario's values (or the models its peers train), in global rounds or asynchronously. */
public final class Simulation {
    private Simulation() {
    }

    /** The run's measurements after each round (or each sample, asynchronously); entry 0 is the initial state. */
    public static Series run(Scenario scenario, ProtocolSpec spec, long seed, Backend backend) {
        return run(scenario, spec, seed, backend, measures(scenario, spec));
    }

    /** As {@link #run(Scenario, ProtocolSpec, long, Backend)}, recording {@code measures} (an experiment's, the same for all its runs). */
    public static Series run(Scenario scenario, ProtocolSpec spec, long seed, Backend backend, List<Measure> measures) {
        return spec.async() ? new AsyncRun(scenario, spec, seed, backend, measures).run()
                : new SyncRun(scenario, spec, seed, backend, measures).run();
    }

    /**
     * What one run measures on its own: averaging the mse (and under loss the spread); training the training spec's
     * measures, DropCompute's drop rate when it is on, and the gradient aggregates' bias and error when the protocol
     * exchanges gradients.
     */
    static List<Measure> measures(Scenario scenario, ProtocolSpec spec) {
        if (scenario.training() == null) {
            return scenario.packetLoss() == null ? List.of(Measure.MSE) : List.of(Measure.MSE, Measure.SPREAD);
        }
        List<Measure> measures = new ArrayList<>(scenario.training().measures());
        if (scenario.training().dropsCompute()) {
            measures.add(Measure.DROP_RATE);
        }
        if (spec.exchangesGradients()) {
            measures.addAll(List.of(Measure.AGGREGATE_BIAS, Measure.AGGREGATE_ERROR));
        }
        return measures;
    }
}
