package org.moshsim.plan;

/**
 * A background averaging that completes now: {@code averaging} (a {@link GroupAveraging} or a {@link SparseMixing}) runs,
 * as specified there, on the rows its members put aside with their last {@link RowSnapshot}, and each member's row
 * then takes the result as {@code apply} says. Failed groups change nothing.
 */
public record SnapshotAveraging(Plan averaging, Apply apply) implements Plan {
    /** Checks that the plan averages rows and that the apply mode reads snapshots. */
    public SnapshotAveraging {
        if (!(averaging instanceof GroupAveraging || averaging instanceof SparseMixing)) {
            throw new IllegalArgumentException("only averaging plans run on snapshots, not " + averaging.getClass().getSimpleName());
        }
        if (apply == Apply.CURRENT) {
            throw new IllegalArgumentException("apply: current averages the current rows; use the plan itself");
        }
    }

    /** The plan as applied with {@code apply}: itself when current, else on the snapshots. */
    public static Plan of(Plan averaging, Apply apply) {
        return apply == Apply.CURRENT ? averaging : new SnapshotAveraging(averaging, apply);
    }
}
