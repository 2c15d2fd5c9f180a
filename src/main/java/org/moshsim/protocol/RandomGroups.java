package org.moshsim.protocol;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.moshsim.config.Key;
import org.moshsim.config.ProtocolEntry;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.Plan;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;

/**
 * Random groups: every round the peers in matchmaking are shuffled and cut into floor(n / M) groups of M;
 * the n mod M leftovers join groups 0, 1, 2, ... round-robin. One round contracts the mean squared error by
 * (r - 1) / (N - 1) in expectation for r groups of any fixed sizes (Moshpit SGD, Sect. 3.1).
 * Asynchronously, the peers that become ready within one matchmaking window are split the same way.
 */
final class RandomGroups implements Protocol, Matchmaking {
    private final int peers;
    private final int groupSize;
    private final long seed;
    private final int[] order;

    RandomGroups(int peers, int groupSize, long seed) {
        this.peers = peers;
        this.groupSize = groupSize;
        this.seed = seed;
        this.order = new int[peers];
    }

    @Override
    public Plan plan(int round, Participation participation) {
        int n = 0;
        for (int i = 0; i < peers; i++) {
            if (participation.joins(i)) {
                order[n++] = i;
            }
        }
        shuffle(order, 0, n, RandomStreams.stream(seed, Purpose.GROUPS, round, 0));
        GroupAveraging.Builder plan = new GroupAveraging.Builder(n);
        cut(order, n, plan, participation);
        return plan.build();
    }

    /** Cuts {@code order[0 .. n - 1]} into floor(n / M) groups of M (one group if n < M), leftovers round-robin. */
    private void cut(int[] order, int n, GroupAveraging.Builder plan, Participation participation) {
        int groups = Math.max(1, n / groupSize);
        int full = Math.min(n, groups * groupSize);
        int[] members = new int[groupSize + (n - full + groups - 1) / groups];
        for (int g = 0; g < groups; g++) {
            int size = 0;
            for (int k = g * groupSize; k < Math.min(full, (g + 1) * groupSize); k++) {
                members[size++] = order[k];
            }
            for (int k = full + g; k < n; k += groups) {
                members[size++] = order[k];
            }
            for (int k = 0; k < size; k++) {
                plan.add(members[k]);
            }
            if (participation == null || participation.completes(members, 0, size)) {
                plan.close();
            } else {
                plan.fail();
            }
        }
    }

    @Override
    public long bucket(int peer) {
        return 0;
    }

    @Override
    public int capacity(long bucket) {
        return Integer.MAX_VALUE;
    }

    @Override
    public void formGroups(int[] peers, int count, int window, GroupAveraging.Builder groups) {
        shuffle(peers, 0, count, RandomStreams.stream(seed, Purpose.GROUPS, window, 1));
        cut(peers, count, groups, null);
    }

    @Override
    public void advance(int[] members, int from, int to, int window, int group) {
    }

    /** Fisher-Yates over {@code values[from .. to - 1]}. */
    static void shuffle(int[] values, int from, int to, UniformRandomProvider rng) {
        for (int i = to - 1; i > from; i--) {
            int j = from + rng.nextInt(i - from + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }


    /** {@code type: random-groups}, of {@code group-size}, synchronous or asynchronous. */
    public static final class Type implements ProtocolType<ProtocolSpec.RandomGroups> {
        private static final Key<Integer> GROUP_SIZE = Key.integer("group-size", 2, "peers per group (at most peers)");

        @Override
        public String name() {
            return "random-groups";
        }

        @Override
        public String meaning() {
            return "live peers shuffled into groups of M, leftovers spread round-robin";
        }

        @Override
        public List<Key<?>> keys() {
            return List.of(GROUP_SIZE, MODE);
        }

        @Override
        public Class<ProtocolSpec.RandomGroups> spec() {
            return ProtocolSpec.RandomGroups.class;
        }

        @Override
        public ProtocolSpec.RandomGroups read(ProtocolEntry entry) {
            int groupSize = entry.get(GROUP_SIZE);
            int peers = entry.scenario().peers();
            if (groupSize > peers) {
                throw entry.error(GROUP_SIZE, groupSize + " is more than peers " + peers + " (line " + entry.peersLine()
                        + "); allowed: 2 to " + peers);
            }
            return new ProtocolSpec.RandomGroups(entry.label(), groupSize, Matchmaking.async(entry));
        }

        @Override
        public Protocol start(ProtocolSpec.RandomGroups spec, int peers, long seed) {
            return new RandomGroups(peers, spec.groupSize(), seed);
        }
    }
}
