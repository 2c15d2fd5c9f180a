package org.moshsim.protocol;

import org.moshsim.config.FailureSemantics;

/**
 * Who takes part in a round. Under {@code exclude}, failed peers stay out of matchmaking, so groups hold only
 * live peers. Under {@code void}, every peer joins matchmaking and failures strike mid-round: a group (or a
 * gossip neighbourhood, or a push-sum send) with a failed member does nothing.
 */
public final class Participation {
    private final boolean[] live;
    private final FailureSemantics semantics;
    private Boolean allLive;

    /** Who is live this round ({@code live[peer]}), and what a failure means. */
    public Participation(boolean[] live, FailureSemantics semantics) {
        this.live = live;
        this.semantics = semantics;
    }

    /** Everyone live. */
    public static Participation everyone(int peers) {
        boolean[] live = new boolean[peers];
        java.util.Arrays.fill(live, true);
        return new Participation(live, FailureSemantics.EXCLUDE);
    }

    /** How many peers there are, live or not. */
    public int peers() {
        return live.length;
    }

    /** Whether a peer is live this round. */
    public boolean isLive(int peer) {
        return live[peer];
    }

    /** Whether every peer is live this round. */
    public boolean allLive() {
        if (allLive == null) {
            boolean all = true;
            for (boolean alive : live) {
                all &= alive;
            }
            allLive = all;
        }
        return allLive;
    }

    /** Whether a peer enters matchmaking this round. */
    public boolean joins(int peer) {
        return live[peer] || semantics == FailureSemantics.VOID;
    }

    /** Whether a group that assembled from {@code members[from .. to - 1]} completes its exchange. */
    public boolean completes(int[] members, int from, int to) {
        if (semantics == FailureSemantics.EXCLUDE || allLive()) {
            return true;
        }
        for (int k = from; k < to; k++) {
            if (!live[members[k]]) {
                return false;
            }
        }
        return true;
    }
}
