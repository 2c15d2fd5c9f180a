package org.moshsim.backend;

/** A host copy of a backend's state: {@code values[i * dim + j]} is value j of peer i. */
public record Snapshot(int peers, int dim, float[] values, double[] weights) {
}
