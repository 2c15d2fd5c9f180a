package org.moshsim.backend;

/** A host copy of a backend's state: {@code values[i * dim + j]} is value j of peer i. */
public record Snapshot(int peers, int dim, float[] values, double[] weights) {
    /** Value j of peer i, de-biased by the peer's push-sum weight. */
    public double estimate(int peer, int j) {
        return values[peer * dim + j] / weights[peer];
    }
}
