package org.moshsim.simulation;

import org.apache.commons.rng.UniformRandomProvider;
import org.moshsim.config.Dist;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.config.Scenario;
import org.moshsim.network.NetworkModel;
import org.moshsim.network.Traffic;
import org.moshsim.plan.Plan;
import org.moshsim.protocol.Participation;
import org.moshsim.protocol.Protocols;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;
import org.moshsim.swarm.Peers;
import org.moshsim.swarm.Sampling;

/**
 * The simulated seconds of a synchronous round, estimated without numbers: round 1 of seed 0 with every peer live,
 * as {@link SyncRun} times it (each peer's local work at its speed and its delay draw, then the network's price of the
 * protocol's plan), but with no failures, churn or compute noise. Enough to tell whether a config's {@code rounds}
 * can reach its time horizon.
 */
public final class RoundTime {
    private RoundTime() {
    }

    /** Seconds of the first round of {@code spec} at {@code scenario}. */
    public static double firstRound(Scenario scenario, ProtocolSpec spec) {
        int localSteps = spec instanceof ProtocolSpec.Trained trained ? trained.localSteps() : 1;
        boolean overlap = spec instanceof ProtocolSpec.Trained trained && trained.overlap();
        long seed = 0;
        int n = scenario.peers();
        Peers peers = Peers.draw(scenario.swarm(), n, seed);
        NetworkModel network = new NetworkModel(peers, scenario.network());
        Dist delay = scenario.network().delay();
        UniformRandomProvider delays = delay instanceof Dist.Constant ? null : RandomStreams.stream(seed, Purpose.DELAYS, 0, 0);
        double[] ready = new double[n];
        double[] start = overlap ? new double[n] : ready;
        double slowest = 0;
        for (int i = 0; i < n; i++) {
            double work = scenario.training() == null ? scenario.compute() : scenario.training().stepTime() * localSteps;
            ready[i] = work / peers.speed(i) + Sampling.draw(delay, delays);
            slowest = Math.max(slowest, ready[i]);
        }
        boolean[] live = new boolean[n];
        java.util.Arrays.fill(live, true);
        Plan plan = Protocols.create(spec, n, seed).plan(0, new Participation(live, scenario.failures().semantics()));
        plan = Transmission.of(scenario, spec, seed, scenario.training() == null ? Double.NaN : scenario.training().learningRate())
                .sent(plan, 0);
        double end = network.price(plan, start, new double[n], new Traffic(n));
        return Math.max(end, slowest);
    }
}
