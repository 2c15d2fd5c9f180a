package org.moshsim.protocol;

import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.Plan;

/**
 * All-reduce with restarts: one ring all-reduce over every peer, which any single failure breaks. A round in
 * which nobody failed gives everyone the global mean; any other round is a failed attempt that changes nothing
 * and costs a whole retry.
 */
final class AllReduce implements Protocol {
    private final GroupAveraging completes;
    private final GroupAveraging fails;

    AllReduce(int peers) {
        int[] members = new int[peers];
        for (int i = 0; i < peers; i++) {
            members[i] = i;
        }
        completes = new GroupAveraging(new int[] {0, peers}, members, GroupAveraging.Collective.RING, null);
        fails = new GroupAveraging(new int[] {0, peers}, members, GroupAveraging.Collective.RING, new boolean[] {true});
    }

    @Override
    public Plan plan(int round, Participation participation) {
        return participation.allLive() ? completes : fails;
    }
}
