package org.moshsim.workload;

import org.moshsim.backend.Backend;
import org.moshsim.config.InitSpec;
import org.moshsim.config.Scenario;

/** The averaging workload: every peer starts with i.i.d. values; the error is the mse to their initial average. */
public final class Averaging {
    private Averaging() {
    }

    /** Sizes and fills the backend for a run and marks the initial average as the reference. */
    public static void initialize(Backend backend, Scenario scenario, long seed) {
        backend.allocate(scenario.peers(), scenario.dim());
        if (scenario.init() instanceof InitSpec.Normal normal) {
            backend.fillNormal(seed, normal.mean(), normal.std());
        } else {
            InitSpec.Uniform uniform = (InitSpec.Uniform) scenario.init();
            backend.fillUniform(seed, uniform.low(), uniform.high());
        }
        backend.markReference();
    }
}
