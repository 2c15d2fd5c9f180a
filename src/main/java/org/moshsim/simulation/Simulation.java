package org.moshsim.simulation;

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
        int localSteps = 1;
        boolean overlap = false;
        if (spec instanceof ProtocolSpec.Trained trained) {
            spec = trained.averaging();
            localSteps = trained.localSteps();
            overlap = trained.overlap();
        }
        return spec.async() ? new AsyncRun(scenario, spec, seed, backend, localSteps, overlap).run()
                : new SyncRun(scenario, spec, seed, backend, localSteps, overlap).run();
    }
}
