package org.moshsim.lossy;

/**
 * The fate of the packets one link carries in one round, in the order they are sent (retransmissions included):
 * a stateful sequence, because bursty loss makes consecutive packets' fates depend on each other.
 */
public interface LinkLosses {
    /** Whether the next packet sent on this link is lost. */
    boolean nextLost();
}
