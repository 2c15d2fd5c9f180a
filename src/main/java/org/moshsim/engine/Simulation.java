package org.moshsim.engine;

import org.moshsim.backend.Backend;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.config.Scenario;
import org.moshsim.protocol.Participation;
import org.moshsim.protocol.Protocol;
import org.moshsim.protocol.Protocols;
import org.moshsim.swarm.BernoulliDropout;
import org.moshsim.workload.Averaging;

/** One run: a protocol averaging one scenario's values for its rounds. */
public final class Simulation {
    private Simulation() {
    }

    /** The mean squared error to the initial average after each round; entry 0 is the initial state. */
    public static double[] run(Scenario scenario, ProtocolSpec spec, long seed, Backend backend) {
        Averaging.initialize(backend, scenario, seed);
        Protocol protocol = Protocols.create(spec, scenario.peers(), seed);
        BernoulliDropout dropout = new BernoulliDropout(scenario.failures().p(), seed);
        boolean[] live = new boolean[scenario.peers()];
        double[] mse = new double[scenario.rounds() + 1];
        mse[0] = backend.meanSquaredError();
        for (int round = 0; round < scenario.rounds(); round++) {
            dropout.sample(round, live);
            backend.apply(protocol.plan(round, new Participation(live, scenario.failures().semantics())));
            mse[round + 1] = backend.meanSquaredError();
        }
        return mse;
    }
}
