package org.moshsim.plan;

/**
 * What a peer's row becomes when its background averaging completes, given the local steps it took meanwhile. With no
 * steps during the exchange the three agree bit for bit.
 */
public enum Apply {
    /** The rows are mixed as they are when the exchange completes (an optimistic shortcut: nothing is stale). */
    CURRENT,
    /**
     * The exchange averages the rows as they were when it started, and each member's row is overwritten by that
     * average: steps taken during the exchange are lost (the Moshpit authors' ResNet trainer,
     * {@code image_classification/gossip_sgd.py}: snapshot, {@code averager.step}, copy back).
     */
    SNAPSHOT_OVERWRITE,
    /**
     * The exchange averages the rows as they were when it started, and each member adds (average - its snapshot) to
     * its current row: local progress is kept (hivemind's {@code TrainingAverager} with a data lock; overlapped SGP,
     * which down-weights the row when it sends and adds what arrives to the current parameters).
     */
    SNAPSHOT_DELTA
}
