package org.moshsim.compress;

/**
 * Error feedback: per-peer state that makes a biased compressor safe for SGD. A training loop holds one
 * instance for all N peers and, each step, hands in every peer's gradient and gets back the aggregate the
 * receivers hold; {@link #sent} is what a peer put on the wire that step (as its reconstruction).
 */
public sealed interface ErrorFeedback permits EF14, EF21, EF21M {
    int peers();

    int dimension();

    /** One step on the peers' gradients (N x D); writes the aggregate direction (length D) into {@code aggregate}. */
    void step(float[][] gradients, int round, float[] aggregate);

    /** A copy of the reconstruction of what peer {@code peer} sent in the last step. */
    float[] sent(int peer);
}
