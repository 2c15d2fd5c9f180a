package org.moshsim.plan;

/**
 * What a protocol (or a training loop) asks the backend to do at one instant. Every linear operation acts on a peer's whole row:
 * its values and its push-sum weight alike, so de-biased estimates (values / weight) stay correct under any
 * mix of plans.
 */
public sealed interface Plan permits Grouped, SparseMixing, LocalSteps, RowSnapshot, SnapshotAveraging, StateDownload {
}
