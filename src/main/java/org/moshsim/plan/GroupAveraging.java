package org.moshsim.plan;

import java.util.Arrays;

/**
 * Disjoint groups, each replacing its members' rows by the group's mean row. Group g has the members
 * {@code members[offsets[g]] .. members[offsets[g + 1] - 1]}, in a fixed order so that sums are reproducible.
 */
public record GroupAveraging(int[] offsets, int[] members) implements Plan {
    /** A plan that changes nothing. */
    public static final GroupAveraging NONE = new GroupAveraging(new int[] {0}, new int[0]);

    public GroupAveraging {
        if (offsets.length == 0 || offsets[0] != 0 || offsets[offsets.length - 1] != members.length) {
            throw new IllegalArgumentException("offsets must run from 0 to members.length");
        }
        for (int g = 0; g + 1 < offsets.length; g++) {
            if (offsets[g + 1] <= offsets[g]) {
                throw new IllegalArgumentException("group " + g + " is empty");
            }
        }
    }

    public int groupCount() {
        return offsets.length - 1;
    }

    public int size(int group) {
        return offsets[group + 1] - offsets[group];
    }

    @Override
    public int touchedPeers() {
        return members.length;
    }

    /** The members of one group, as a copy (for tests and reports; backends read the arrays). */
    public int[] group(int group) {
        return Arrays.copyOfRange(members, offsets[group], offsets[group + 1]);
    }

    /** Collects groups one member at a time; groups of fewer than two members are dropped (they change nothing). */
    public static final class Builder {
        private int[] offsets = new int[16];
        private int[] members;
        private int groups;
        private int size;
        private int start;

        public Builder(int expectedMembers) {
            members = new int[Math.max(expectedMembers, 1)];
        }

        public Builder add(int peer) {
            if (size == members.length) {
                members = Arrays.copyOf(members, 2 * size);
            }
            members[size++] = peer;
            return this;
        }

        /** Closes the current group. */
        public Builder close() {
            if (size - start < 2) {
                size = start;
                return this;
            }
            if (groups + 2 > offsets.length) {
                offsets = Arrays.copyOf(offsets, 2 * offsets.length);
            }
            offsets[++groups] = size;
            start = size;
            return this;
        }

        /** Forgets the members added since the last {@link #close()}. */
        public Builder discard() {
            size = start;
            return this;
        }

        public GroupAveraging build() {
            size = start;
            return new GroupAveraging(Arrays.copyOf(offsets, groups + 1), Arrays.copyOf(members, size));
        }
    }
}
