package org.moshsim.protocol;

import java.util.Arrays;
import org.moshsim.plan.GradientExchange;
import org.moshsim.plan.Plan;

/**
 * Synchronous SGD through a parameter server outside the peers (Li et al., OSDI 2014; the setting of Weintraub et al.
 * 2025): one group of every peer in the round around the server, which aggregates the pushed gradients, steps its own
 * copy of the parameters and broadcasts it back. A peer that failed this round pushes nothing (the server aggregates
 * the others, by sample weight) and still receives the parameters under {@code void} semantics; under {@code exclude}
 * it sits the round out and keeps its model until its next round. The exchange itself never fails as a whole.
 */
final class ParameterServer implements Protocol {
    private final GradientExchange.Collective.ParameterServer server;
    private final long seed;
    private final int[] joined;

    ParameterServer(int peers, double bandwidth, double latency, long seed) {
        this.server = new GradientExchange.Collective.ParameterServer(bandwidth, latency);
        this.seed = seed;
        this.joined = new int[peers];
    }

    @Override
    public Plan plan(int round, Participation participation) {
        int n = 0;
        for (int i = 0; i < joined.length; i++) {
            if (participation.joins(i)) {
                joined[n++] = i;
            }
        }
        int[] members = Arrays.copyOf(joined, n);
        return new GradientExchange(n == 0 ? new int[] {0} : new int[] {0, n}, members, server, null, null, null,
                Double.NaN, seed, round);
    }
}
