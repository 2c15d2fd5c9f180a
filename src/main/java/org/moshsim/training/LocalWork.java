package org.moshsim.training;

import java.util.List;
import org.moshsim.Measure;
import org.moshsim.backend.Backend;
import org.moshsim.config.Scenario;
import org.moshsim.plan.LocalSteps;
import org.moshsim.swarm.Peers;
import org.moshsim.workload.Training;
import org.moshsim.workload.Workload;

/**
 * What the peers of one run do between their exchanges, as the runs see it, and what the runs measure, for the run's
 * {@link Workload}: peers that average values compute for a fixed time and hold their values ({@link Computing}); peers
 * that train a model take SGD steps ({@link Trainer}). The runs decide when work and exchanges happen.
 */
public sealed interface LocalWork permits Computing, Trainer {
    /** The work of a run of {@code scenario} at {@code seed}, whose peers hold {@code workload}. */
    static LocalWork of(Workload workload, Scenario scenario, Peers peers, long seed) {
        return workload instanceof Training training ? new Trainer(scenario.training(), training, peers, seed)
                : new Computing(scenario.compute(), peers);
    }

    /**
     * Seconds of the peer's {@code chunk}-th stretch of local work, {@code steps} steps long. A peer that sits a
     * synchronous round out ({@code computes} false: failed or offline) trains nothing; averaging's compute is the
     * peer's pace whatever it does.
     */
    double seconds(int peer, int chunk, int steps, boolean computes);

    /** A collector of one instant's steps (exchanging gradients: accumulated batches), or null when the peers take none. */
    LocalSteps.Builder steps(boolean accumulate);

    /** Adds the peer's {@code steps} steps of its {@code chunk}-th stretch of local work to {@code builder}. */
    void addSteps(LocalSteps.Builder builder, int peer, int chunk, int steps);

    /** Whether a peer back online downloads a current model (training) rather than keep what it held (averaging). */
    boolean downloadsOnReturn();

    /** The learning rate of a gradient exchange's step (NaN when the peers do not train). */
    double learningRate();

    /** Hears how long a synchronous round's communication took beyond its slowest peer's compute. */
    void endRound(int round, int steps, double communication);

    /**
     * The values of {@code measures}, in that order, after {@code rounds} (effective) rounds at simulated {@code time},
     * the peers having computed {@code computing} seconds in all.
     */
    double[] measure(Backend backend, List<Measure> measures, double computing, double time, double rounds);
}
