package org.moshsim.protocol;

import java.util.List;
import org.moshsim.config.Key;
import org.moshsim.config.ProtocolEntry;
import org.moshsim.config.ProtocolSpec;
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


    /** {@code type: all-reduce}: no parameters. */
    public static final class Type implements ProtocolType<ProtocolSpec.AllReduce> {
        @Override
        public String name() {
            return "all-reduce";
        }

        @Override
        public String meaning() {
            return "everyone gets the global mean if nobody failed, else nothing changes; priced as a ring";
        }

        @Override
        public List<Key<?>> keys() {
            return List.of();
        }

        @Override
        public Class<ProtocolSpec.AllReduce> spec() {
            return ProtocolSpec.AllReduce.class;
        }

        @Override
        public ProtocolSpec.AllReduce read(ProtocolEntry entry) {
            return new ProtocolSpec.AllReduce(entry.label());
        }

        @Override
        public Protocol start(ProtocolSpec.AllReduce spec, int peers, long seed) {
            return new AllReduce(peers);
        }
    }
}
