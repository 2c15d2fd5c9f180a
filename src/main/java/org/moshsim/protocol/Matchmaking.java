package org.moshsim.protocol;

import org.moshsim.plan.GroupAveraging;

/**
 * How an asynchronous protocol matches the peers that become ready at their own pace: a ready peer joins a
 * bucket (hivemind: its group key in the DHT); the peers that join one bucket within a matchmaking window are
 * split into groups. Protocols still never touch numbers.
 */
public interface Matchmaking {
    /** The bucket a ready peer joins now. */
    long bucket(int peer);

    /** The most members a group of this bucket may have: a full window closes early. */
    int capacity(long bucket);

    /**
     * Splits the {@code count} peers that met in window number {@code window} (all of one bucket, in the order
     * they joined) into groups, closing each on {@code groups}. Groups of one are dropped by the builder.
     */
    void formGroups(int[] peers, int count, int window, GroupAveraging.Builder groups);

    /**
     * Group number {@code group} of window {@code window} completed its exchange, or a peer met nobody (a group
     * of one): its members move on to their next round. Failed groups do not advance.
     */
    void advance(int[] members, int from, int to, int window, int group);
}
