package org.moshsim.plan;

/**
 * These peers' exchanges start now: the backend puts their rows (values and push-sum weights) aside, for a
 * {@link SnapshotAveraging} to average later while the peers keep stepping.
 */
public record RowSnapshot(int[] peers) implements Plan {
}
