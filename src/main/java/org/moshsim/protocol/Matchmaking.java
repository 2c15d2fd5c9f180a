package org.moshsim.protocol;

import java.util.List;
import org.moshsim.config.Key;
import org.moshsim.config.ProtocolEntry;
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


    /** {@code mode}: {@code sync} (global rounds, the default) or {@code async} (each peer at its own pace, to the horizon). */
    Key<String> MODE = Key.choice("mode", List.of("sync", "async"), "sync: global rounds; async: each peer at its own pace, "
            + "groups meet in matchmaking windows (needs timing.horizon and network.matchmaking)").orElse("sync").once();

    /**
     * Reads an entry's {@link #MODE}: whether its groups meet asynchronously, which needs a horizon and a matchmaking
     * window in the scenario.
     */
    static boolean async(ProtocolEntry entry) {
        boolean async = entry.get(MODE).equals("async");
        if (async) {
            entry.requireHorizon(MODE.name());
            if (entry.scenario().network().matchmaking() <= 0) {
                throw entry.error(MODE, "async groups meet in a matchmaking window; set one, e.g. network: {matchmaking: 0.5s}");
            }
        }
        return async;
    }
}
