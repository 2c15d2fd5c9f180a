package org.moshsim.protocol;

import org.moshsim.plan.GradientExchange;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.Plan;

/**
 * Synchronous data-parallel SGD on a group protocol's groups: each round the groups that all-reduce, Moshpit or random
 * groups would form to average models aggregate their members' accumulated gradients instead, and every member
 * applies the aggregate. With all-reduce this is plain all-reduce SGD (one ring of every peer, which any failure
 * breaks); with Moshpit it is Moshpit SGD's gradient averaging in groups. The run adds the compression, the lossy links
 * and the learning rate to the plan; the groups are the protocol's own.
 */
final class ExchangeGradients implements Protocol {
    private final Protocol groups;
    private final long seed;

    ExchangeGradients(Protocol groups, long seed) {
        this.groups = groups;
        this.seed = seed;
    }

    @Override
    public Plan plan(int round, Participation participation) {
        return GradientExchange.of((GroupAveraging) groups.plan(round, participation), seed, round);
    }
}
