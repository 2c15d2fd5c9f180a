package org.moshsim.protocol;

import java.util.List;
import org.moshsim.config.Key;
import org.moshsim.config.ProtocolEntry;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.plan.Plan;
import org.moshsim.plan.SparseMixing;

/**
 * Gossip on a ring: each live peer replaces its value by the uniform average over its neighbourhood, itself
 * and the k peers on each side that take part. The matrix is row- but not column-stochastic once peers
 * fail, so the swarm's mean drifts: gossip converges to a consensus near, not at, the true average.
 */
final class Gossip implements Protocol {
    private final int peers;
    private final int neighbors;
    private final int[] neighbourhood;

    Gossip(int peers, int neighbors) {
        this.peers = peers;
        this.neighbors = neighbors;
        this.neighbourhood = new int[2 * neighbors + 1];
    }

    @Override
    public Plan plan(int round, Participation participation) {
        SparseMixing.Builder matrix = new SparseMixing.Builder(peers, peers * (2 * neighbors + 1));
        for (int i = 0; i < peers; i++) {
            if (!participation.isLive(i)) {
                continue;
            }
            int size = 0;
            for (int offset = -neighbors; offset <= neighbors; offset++) {
                int j = Math.floorMod(i + offset, peers);
                if (participation.joins(j)) {
                    neighbourhood[size++] = j;
                }
            }
            if (size < 2 || !participation.completes(neighbourhood, 0, size)) {
                continue;
            }
            double weight = 1.0 / size;
            for (int k = 0; k < size; k++) {
                matrix.add(neighbourhood[k], weight);
            }
            matrix.row(i);
        }
        return matrix.build();
    }


    /** {@code type: gossip}, with {@code neighbors} on each side. */
    public static final class Type implements ProtocolType<ProtocolSpec.Gossip> {
        private static final Key<Integer> NEIGHBORS = Key.integer("neighbors", 1, "live peers on each side of the ring to "
                + "average with").orElse("1");

        @Override
        public String name() {
            return "gossip";
        }

        @Override
        public String meaning() {
            return "each live peer averages the live peers within k ring hops, uniform weights";
        }

        @Override
        public List<Key<?>> keys() {
            return List.of(NEIGHBORS);
        }

        @Override
        public Class<ProtocolSpec.Gossip> spec() {
            return ProtocolSpec.Gossip.class;
        }

        @Override
        public ProtocolSpec.Gossip read(ProtocolEntry entry) {
            int neighbors = entry.get(NEIGHBORS);
            int peers = entry.scenario().peers();
            if (2L * neighbors >= peers) {
                throw entry.error(NEIGHBORS, neighbors + " on each side needs more than " + 2 * neighbors
                        + " peers on the ring, but peers is " + peers + " (line " + entry.peersLine() + ")");
            }
            return new ProtocolSpec.Gossip(entry.label(), neighbors);
        }

        @Override
        public Protocol start(ProtocolSpec.Gossip spec, int peers, long seed) {
            return new Gossip(peers, spec.neighbors());
        }
    }
}
