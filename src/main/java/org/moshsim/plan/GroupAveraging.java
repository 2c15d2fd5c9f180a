package org.moshsim.plan;

import java.util.Arrays;
import org.moshsim.compress.Codec;
import org.moshsim.lossy.LossyAggregation;
import org.moshsim.lossy.LossyRound;

/**
 * Disjoint groups, each replacing its members' rows by the group's mean row. Group g has the members
 * {@code members[offsets[g]] .. members[offsets[g + 1] - 1]}, in a fixed order so that sums are reproducible.
 * A group marked failed assembled but lost a member mid-exchange: backends skip it, the network model charges
 * it the time it wasted. The collective says how the members exchange, which only the network model prices.
 *
 * <p>With a codec (null: exact), what a member sends is the codec's round trip of its row (groups or blocks along
 * the row), and every member gets the mean of the members' decoded rows, its own decoded row included, summed in
 * float64 in member order: so all members agree, as after a real compressed all-reduce. The codec is applied once,
 * by the senders; the re-quantisation of the gathered means that a compressed butterfly or ring also does depends
 * on how the vector is cut into parts and is not modelled. Push-sum weights stay exact.
 *
 * <p>With packet loss (null: none), every member computes its group's mean itself from the members' rows as they
 * reach it (Weintraub et al. 2025, Section 4): another member's row (decoded, with a codec) crosses link
 * (sender -> receiver, round) in packets of the proxy row, the member's own row is local. Per packet,
 * {@link LossyAggregation.ZeroFill} reads lost packets as zeros and divides by the group size n;
 * {@link LossyAggregation.ReceivedOnly} divides by the rows that arrived (its own always does);
 * {@link LossyAggregation.Retransmission} resends until all arrive, so its values are the exact plan's. Sums run in
 * float64 in member order, skipping what was lost, so without losses every aggregation gives the exact plan's bits.
 * Members may therefore end with different values: the drift. The push-sum weights stay exact (a scalar that rides
 * with the group's handshake): letting them shrink with the values would undo zero-fill's bias in the de-biased
 * estimates.
 */
public record GroupAveraging(int[] offsets, int[] members, Collective collective, boolean[] failed, Codec codec,
                             LossyRound loss) implements Grouped {
    /** How a group's members compute their mean. */
    public enum Collective {
        /** hivemind's butterfly all-reduce: each member reduces a share of the vector, sized by its bandwidth. */
        BUTTERFLY,
        /** Ring all-reduce: 2(n - 1) steps around the ring, each moving 1/n of the vector. */
        RING,
        /** AD-PSGD's exchange: the two members of a pair send each other their whole vector. */
        PAIRWISE
    }

    /** A plan that changes nothing. */
    public static final GroupAveraging NONE = new GroupAveraging(new int[] {0}, new int[0], Collective.BUTTERFLY, null, null,
            null);

    /** Checks the groups: offsets from 0 to the member count, rising, and a failed flag per group if any. */
    public GroupAveraging {
        checkGroups(offsets, members, failed);
    }

    /** Offsets from 0 to members.length, no empty group, one failed flag per group (or none). */
    static void checkGroups(int[] offsets, int[] members, boolean[] failed) {
        if (offsets.length == 0 || offsets[0] != 0 || offsets[offsets.length - 1] != members.length) {
            throw new IllegalArgumentException("offsets must run from 0 to members.length");
        }
        for (int g = 0; g + 1 < offsets.length; g++) {
            if (offsets[g + 1] <= offsets[g]) {
                throw new IllegalArgumentException("group " + g + " is empty");
            }
        }
        if (failed != null && failed.length != offsets.length - 1) {
            throw new IllegalArgumentException("one failed flag per group");
        }
    }

    /** Groups over lossless links. */
    public GroupAveraging(int[] offsets, int[] members, Collective collective, boolean[] failed, Codec codec) {
        this(offsets, members, collective, failed, codec, null);
    }

    /** Exact groups (no codec). */
    public GroupAveraging(int[] offsets, int[] members, Collective collective, boolean[] failed) {
        this(offsets, members, collective, failed, null, null);
    }

    /** Completed groups exchanging by butterfly all-reduce. */
    public GroupAveraging(int[] offsets, int[] members) {
        this(offsets, members, Collective.BUTTERFLY, null, null, null);
    }

    /** The same groups, their members sending through {@code codec} (null: exactly). */
    public GroupAveraging withCodec(Codec codec) {
        return new GroupAveraging(offsets, members, collective, failed, codec, loss);
    }

    /** The same groups over these lossy links (null: lossless). */
    public GroupAveraging withLoss(LossyRound loss) {
        return new GroupAveraging(offsets, members, collective, failed, codec, loss);
    }

    @Override
    public GroupAveraging withFailed(boolean[] failedGroups) {
        return new GroupAveraging(offsets, members, collective, failedGroups, codec, loss);
    }

    /** The same plan without its failed groups: what the arithmetic has to do. */
    public GroupAveraging completedOnly() {
        if (failed == null) {
            return this;
        }
        Builder completed = new Builder(members.length).collective(collective);
        for (int g = 0; g < groupCount(); g++) {
            if (!failed[g]) {
                for (int k = offsets[g]; k < offsets[g + 1]; k++) {
                    completed.add(members[k]);
                }
                completed.close();
            }
        }
        return completed.build().withCodec(codec).withLoss(loss);
    }

    /**
     * Collects groups one member at a time; groups of fewer than two members are dropped (they change nothing). A builder
     * can be {@linkplain #clear() cleared} and used again, keeping its arrays.
     */
    public static final class Builder {
        private int[] offsets = new int[16];
        private boolean[] failed = new boolean[15];
        private boolean anyFailed;
        private int[] members;
        private int groups;
        private int size;
        private int start;
        private Collective collective = Collective.BUTTERFLY;

        /** A builder with room for about this many members (it grows as needed). */
        public Builder(int expectedMembers) {
            members = new int[Math.max(expectedMembers, 1)];
        }

        /** How the groups exchange (and are priced): a butterfly all-reduce by default, or a ring. */
        public Builder collective(Collective collective) {
            this.collective = collective;
            return this;
        }

        /** Adds a member to the group being built. */
        public Builder add(int peer) {
            if (size == members.length) {
                members = Arrays.copyOf(members, 2 * size);
            }
            members[size++] = peer;
            return this;
        }

        /** Closes the current group as completed. */
        public Builder close() {
            return end(false);
        }

        /** Closes the current group as failed: it assembled, but a member failed mid-exchange. */
        public Builder fail() {
            return end(true);
        }

        private Builder end(boolean failure) {
            if (size - start < 2) {
                size = start;
                return this;
            }
            if (groups + 2 > offsets.length) {
                offsets = Arrays.copyOf(offsets, 2 * offsets.length);
                failed = Arrays.copyOf(failed, offsets.length - 1);
            }
            failed[groups] = failure;
            anyFailed |= failure;
            offsets[++groups] = size;
            start = size;
            return this;
        }

        /** Forgets every group collected, keeping the arrays for the next plan. */
        public Builder clear() {
            groups = 0;
            size = 0;
            start = 0;
            anyFailed = false;
            return this;
        }

        /** The plan of the groups closed so far (an unclosed group is dropped). */
        public GroupAveraging build() {
            size = start;
            return new GroupAveraging(Arrays.copyOf(offsets, groups + 1), Arrays.copyOf(members, size), collective,
                    anyFailed ? Arrays.copyOf(failed, groups) : null);
        }
    }
}
