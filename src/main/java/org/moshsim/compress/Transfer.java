package org.moshsim.compress;

/**
 * One piece of what a group's compressed exchange puts on the wire, per member, for the network model to price. A
 * compressor lists its pieces in order ({@link Compression#transfers}); the network model prices each kind once.
 */
public sealed interface Transfer {
    /** An all-reduce of a vector of {@code bytes}, by the group's own algorithm (a ring, or hivemind's butterfly). */
    record AllReduce(double bytes) implements Transfer {
    }

    /**
     * {@code count} steps one after another, in each of which every member sends {@code bytes} to one other member: a
     * ring all-gather (n - 1 steps of one member's message), an all-to-all by pairwise exchange (n - 1 steps of one
     * shard: a member has n - 1 messages to send, and they queue on its link), or a ring of fixed form.
     */
    record Steps(int count, double bytes) implements Transfer {
    }
}
