package org.moshsim.workload;

import org.moshsim.backend.Backend;
import org.moshsim.config.InitSpec;
import org.moshsim.config.Scenario;

/**
 * The averaging workload: every one of {@code peers} peers starts with {@code dim} i.i.d. values drawn from
 * {@code init} with the run's {@code seed}; the error is the mse to their initial average.
 */
public record Averaging(int peers, int dim, InitSpec init, long seed) implements Workload {
    /** The values of a run of {@code scenario} at {@code seed}. */
    public static Averaging of(Scenario scenario, long seed) {
        return new Averaging(scenario.peers(), scenario.dim(), scenario.init(), seed);
    }

    /** Sizes and fills the backend and marks the initial average as the reference. */
    @Override
    public void initialize(Backend backend) {
        backend.allocate(peers, dim);
        if (init instanceof InitSpec.Normal normal) {
            backend.fillNormal(seed, normal.mean(), normal.std());
        } else {
            InitSpec.Uniform uniform = (InitSpec.Uniform) init;
            backend.fillUniform(seed, uniform.low(), uniform.high());
        }
        backend.markReference();
    }
}
