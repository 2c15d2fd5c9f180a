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
    private final boolean allLive;

    public Participation(boolean[] live, FailureSemantics semantics) {
        this.live = live;
        this.semantics = semantics;
        boolean all = true;
        for (boolean alive : live) {
            all &= alive;
        }
        this.allLive = all;
    }

    /** Everyone live. */
    public static Participation everyone(int peers) {
        boolean[] live = new boolean[peers];
        java.util.Arrays.fill(live, true);
        return new Participation(live, FailureSemantics.EXCLUDE);
    }

    public int peers() {
        return live.length;
    }

    public boolean isLive(int peer) {
        return live[peer];
    }

    public boolean allLive() {
        return allLive;
    }

    /** Whether a peer enters matchmaking this round. */
    public boolean joins(int peer) {
        return live[peer] || semantics == FailureSemantics.VOID;
    }

    /** Whether a group that assembled from {@code members[from .. to - 1]} completes its exchange. */
    public boolean completes(int[] members, int from, int to) {
        if (allLive || semantics == FailureSemantics.EXCLUDE) {
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
