package org.moshsim.workload;

import org.moshsim.backend.Backend;
import org.moshsim.config.Scenario;

/**
 * What the peers hold and optimise in one run: i.i.d. values to average ({@link Averaging}), or a model to train on
 * their shards of a dataset ({@link Training}). The runs set the backend up from it; what the peers then do between
 * their exchanges is the training loop's business ({@code org.moshsim.training}).
 */
public sealed interface Workload permits Averaging, Training {
    /** The workload of one run of {@code scenario} at {@code seed}: its training section's, or values to average. */
    static Workload of(Scenario scenario, long seed) {
        return scenario.training() == null ? Averaging.of(scenario, seed) : Training.prepare(scenario.training(), scenario.peers(), seed);
    }

    /** Sizes the backend and gives every peer its initial row. */
    void initialize(Backend backend);
}
