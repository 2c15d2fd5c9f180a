package org.moshsim.plan;

/**
 * A plan of disjoint groups in CSR form: group g has the members {@code members[offsets[g]] .. members[offsets[g + 1] - 1]},
 * in a fixed order, and may be marked failed (it assembled but lost a member mid-exchange).
 */
public sealed interface Grouped extends Plan permits GroupAveraging, GradientExchange {
    /** Where each group starts in {@link #members()}, and one more: the member count. */
    int[] offsets();

    /** Every group's members, group after group. */
    int[] members();

    /** One flag per group, or null when none failed. */
    boolean[] failed();

    /** The same groups, with these failed (for instance, because a member left mid-exchange). */
    Grouped withFailed(boolean[] failedGroups);

    /** How many groups there are. */
    default int groupCount() {
        return offsets().length - 1;
    }

    /** How many members a group has. */
    default int size(int group) {
        return offsets()[group + 1] - offsets()[group];
    }

    /** Whether a group failed: it changes nothing, and its members paid for the attempt. */
    default boolean failed(int group) {
        return failed() != null && failed()[group];
    }

    /** The members of one group, as a copy (for tests and reports; backends read the arrays). */
    default int[] group(int group) {
        return java.util.Arrays.copyOfRange(members(), offsets()[group], offsets()[group + 1]);
    }
}
