package org.moshsim.protocol;

import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.Plan;

/**
 * All-reduce with restarts: one all-reduce over every peer, which any single failure breaks. A round in
 * which nobody failed gives everyone the global mean; any other round changes nothing (it is retried).
 */
final class AllReduce implements Protocol {
    private final GroupAveraging everyone;

    AllReduce(int peers) {
        int[] members = new int[peers];
        for (int i = 0; i < peers; i++) {
            members[i] = i;
        }
        everyone = new GroupAveraging(new int[] {0, peers}, members);
    }

    @Override
    public Plan plan(int round, Participation participation) {
        return participation.allLive() ? everyone : GroupAveraging.NONE;
    }
}
