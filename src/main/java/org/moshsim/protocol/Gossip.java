package org.moshsim.protocol;

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
    private final SparseMixing.Builder matrix;

    Gossip(int peers, int neighbors) {
        this.peers = peers;
        this.neighbors = neighbors;
        this.neighbourhood = new int[2 * neighbors + 1];
        this.matrix = new SparseMixing.Builder(peers, peers * (2 * neighbors + 1));
    }

    @Override
    public Plan plan(int round, Participation participation) {
        matrix.clear();
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
        return matrix.buildReusing();
    }
}
