package org.moshsim.protocol;

import java.util.List;
import java.util.function.IntPredicate;
import org.apache.commons.rng.UniformRandomProvider;
import org.moshsim.config.Key;
import org.moshsim.config.ProtocolEntry;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;

/**
 * AD-PSGD's pairwise averaging (Lian et al., 2018, Algorithm 1): a peer that finished its local work averages with a
 * random online peer, the two sending each other their whole vector ({@link GroupAveraging.Collective#PAIRWISE}). The
 * partner of a peer's k-th attempt is drawn from the stream (seed, PARTNERS, k, peer + 1), up to {@value #PARTNER_TRIES}
 * times until one is online; a peer that finds none moves on alone. It is asynchronous: there are no rounds to plan.
 *
 * <p>A peer's link carries one exchange at a time, so an exchange starts once both its peers' links are free: the
 * exchanges of a partner that several peers picked queue on its link.
 */
public final class AdPsgd {
    static final int PARTNER_TRIES = 8;

    private final int peers;
    private final long seed;
    /** When each peer's link is free again (simulated seconds). */
    private final double[] linkFree;

    public AdPsgd(int peers, long seed) {
        if (peers < 2) {
            throw new IllegalArgumentException("AD-PSGD needs two peers, not " + peers);
        }
        this.peers = peers;
        this.seed = seed;
        this.linkFree = new double[peers];
    }

    /**
     * The pair that {@code peer} averages in on its {@code attempt}-th try, the peer first and its partner second, or
     * null when no draw met a peer that is {@code online}.
     */
    public GroupAveraging pair(int peer, int attempt, IntPredicate online) {
        UniformRandomProvider partners = RandomStreams.stream(seed, Purpose.PARTNERS, attempt, peer + 1);
        for (int tries = 0; tries < PARTNER_TRIES; tries++) {
            int partner = partners.nextInt(peers - 1);
            partner += partner >= peer ? 1 : 0;
            if (online.test(partner)) {
                return new GroupAveraging(new int[] {0, 2}, new int[] {peer, partner}, GroupAveraging.Collective.PAIRWISE, null);
            }
        }
        return null;
    }

    /** When the pair's exchange can start if it is asked for at {@code time}: once both peers' links are free. */
    public double start(GroupAveraging pair, double time) {
        return Math.max(time, Math.max(linkFree[pair.members()[0]], linkFree[pair.members()[1]]));
    }

    /** The pair's links carry its exchange until {@code end}. */
    public void occupy(GroupAveraging pair, double end) {
        linkFree[pair.members()[0]] = end;
        linkFree[pair.members()[1]] = end;
    }

    /**
     * {@code type: ad-psgd}, asynchronous only. It has no rounds to plan: the event-driven run asks an {@link AdPsgd}
     * for each ready peer's partner.
     */
    public static final class Type implements ProtocolType<ProtocolSpec.Pairwise> {
        @Override
        public String name() {
            return "ad-psgd";
        }

        @Override
        public String meaning() {
            return "asynchronous only: a ready peer averages with a random online peer (Lian et al., 2018)";
        }

        @Override
        public List<Key<?>> keys() {
            return List.of();
        }

        @Override
        public Class<ProtocolSpec.Pairwise> spec() {
            return ProtocolSpec.Pairwise.class;
        }

        @Override
        public ProtocolSpec.Pairwise read(ProtocolEntry entry) {
            entry.requireHorizon("type");
            return new ProtocolSpec.Pairwise(entry.label());
        }

        @Override
        public Protocol start(ProtocolSpec.Pairwise spec, int peers, long seed) {
            throw new IllegalArgumentException("ad-psgd is asynchronous: it has no rounds to plan");
        }
    }
}
