package org.moshsim.backend.cpu;

import org.moshsim.plan.Apply;

/**
 * The rows (values and push-sum weights) that background exchanges started from ({@link org.moshsim.plan.RowSnapshot}).
 * The backend averages these rows in place of the current ones, then hands each member the result as its
 * {@link Apply} mode says. Each row is touched only by its own peer's operations, so the result does not depend on
 * threads.
 */
final class SnapshotRows {
    final Rows rows;
    final double[] weights;

    SnapshotRows(Rows shape) {
        this.rows = shape.copyShape("averaging in the background from snapshots of");
        this.weights = new double[shape.rows];
    }

    /** Puts the peers' current rows aside. */
    void take(Rows values, double[] valueWeights, int[] peers) {
        for (int peer : peers) {
            System.arraycopy(values.block(peer), values.offset(peer), rows.block(peer), rows.offset(peer), values.dim);
            weights[peer] = valueWeights[peer];
        }
    }

    /** Leaves in each of the peers' current rows only its progress since its snapshot: row - snapshot. */
    void subtractFrom(Rows values, double[] valueWeights, int[] peers) {
        for (int peer : peers) {
            float[] to = values.block(peer);
            float[] from = rows.block(peer);
            int t = values.offset(peer);
            int f = rows.offset(peer);
            for (int j = 0; j < values.dim; j++) {
                to[t + j] -= from[f + j];
            }
            valueWeights[peer] -= weights[peer];
        }
    }

    /**
     * Hands the peers their averaged snapshots: overwriting their rows, or (snapshot-delta, after
     * {@link #subtractFrom}) adding them to the progress their rows hold.
     */
    void settle(Rows values, double[] valueWeights, int[] peers, Apply apply) {
        boolean add = apply == Apply.SNAPSHOT_DELTA;
        for (int peer : peers) {
            float[] to = values.block(peer);
            float[] from = rows.block(peer);
            int t = values.offset(peer);
            int f = rows.offset(peer);
            if (add) {
                for (int j = 0; j < values.dim; j++) {
                    to[t + j] += from[f + j];
                }
                valueWeights[peer] += weights[peer];
            } else {
                System.arraycopy(from, f, to, t, values.dim);
                valueWeights[peer] = weights[peer];
            }
        }
    }
}
