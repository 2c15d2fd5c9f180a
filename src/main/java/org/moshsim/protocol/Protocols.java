package org.moshsim.protocol;

import org.moshsim.config.ProtocolSpec;

/** Builds the protocol a spec describes. */
public final class Protocols {
    private Protocols() {
    }

    /**
     * A fresh protocol for {@code peers} peers; its randomness comes from streams of {@code seed}. A training protocol
     * that exchanges gradients plans gradient exchanges in its groups.
     */
    public static Protocol create(ProtocolSpec spec, int peers, long seed) {
        if (spec instanceof ProtocolSpec.ParameterServer server) {
            return new ParameterServer(peers, server.bandwidth(), server.latency(), seed);
        } else if (spec instanceof ProtocolSpec.Trained trained) {
            Protocol groups = create(trained.averaging(), peers, seed);
            return trained.exchangesGradients() && !(groups instanceof ParameterServer) ? new ExchangeGradients(groups, seed) : groups;
        } else if (spec instanceof ProtocolSpec.AllReduce) {
            return new AllReduce(peers);
        } else if (spec instanceof ProtocolSpec.Gossip gossip) {
            return new Gossip(peers, gossip.neighbors());
        } else if (spec instanceof ProtocolSpec.PushSum pushSum) {
            return new PushSum(peers, pushSum.outDegree());
        } else if (spec instanceof ProtocolSpec.RandomGroups groups) {
            return new RandomGroups(peers, groups.groupSize(), seed);
        } else if (spec instanceof ProtocolSpec.Pairwise) {
            throw new IllegalArgumentException("ad-psgd is asynchronous: it has no rounds to plan");
        } else if (spec instanceof ProtocolSpec.Moshpit moshpit) {
            return new MoshpitAllReduce(peers, moshpit.variant(), moshpit.grid(), seed);
        }
        throw new IllegalArgumentException("no round-based protocol for " + spec);
    }

    /** The matchmaking of an asynchronous group protocol (Moshpit, random groups). */
    public static Matchmaking matchmaking(ProtocolSpec spec, int peers, long seed) {
        Protocol protocol = create(spec, peers, seed);
        if (!(protocol instanceof Matchmaking matchmaking)) {
            throw new IllegalArgumentException(spec.label() + " forms no groups asynchronously");
        }
        return matchmaking;
    }
}
