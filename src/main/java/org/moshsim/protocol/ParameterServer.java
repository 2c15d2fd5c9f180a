package org.moshsim.protocol;

import java.util.Arrays;
import java.util.List;
import org.moshsim.config.Key;
import org.moshsim.config.ProtocolEntry;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.config.SwarmSpec;
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
                Double.NaN, null, seed, round);
    }


    /** {@code type: parameter-server}, with its link's {@code bandwidth} and {@code latency} (training only). */
    public static final class Type implements ProtocolType<ProtocolSpec.ParameterServer> {
        private static final Key<Double> BANDWIDTH = Key.bandwidth("bandwidth", "the server's link, both ways")
                .computed("the peers' mean link");
        private static final Key<Double> LATENCY = Key.duration("latency", 0, "the server's latency")
                .computed("the peers' mean latency");

        @Override
        public String name() {
            return "parameter-server";
        }

        @Override
        public String meaning() {
            return "training only: every live peer pushes its gradient to a server outside the peers, which steps its "
                    + "parameters and broadcasts them; the server's link carries N payloads each way";
        }

        @Override
        public List<Key<?>> keys() {
            return List.of(BANDWIDTH, LATENCY);
        }

        @Override
        public Class<ProtocolSpec.ParameterServer> spec() {
            return ProtocolSpec.ParameterServer.class;
        }

        /** Its link's bandwidth and latency, by default the swarm's mean peer's (share-weighted means of the profiles'). */
        @Override
        public ProtocolSpec.ParameterServer read(ProtocolEntry entry) {
            if (entry.scenario().training() == null) {
                throw entry.error("type", "a parameter server aggregates the gradients of peers that train; add a training section");
            }
            double bandwidth = 0;
            double latency = 0;
            for (SwarmSpec.Profile profile : entry.scenario().swarm().profiles()) {
                bandwidth += profile.share() * Math.min(profile.upload().mean(), profile.download().mean());
                latency += profile.share() * profile.latency().mean();
            }
            return new ProtocolSpec.ParameterServer(entry.label(), entry.get(BANDWIDTH, bandwidth + "B/s"),
                    entry.get(LATENCY, String.valueOf(latency)));
        }

        @Override
        public Protocol start(ProtocolSpec.ParameterServer spec, int peers, long seed) {
            return new ParameterServer(peers, spec.bandwidth(), spec.latency(), seed);
        }
    }
}
