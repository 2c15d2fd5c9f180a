package org.moshsim.network;

import org.moshsim.plan.Grouped;

/** One collective's time formula: how long one group of a plan exchanges once its members are ready, and what each sends. */
interface GroupFormula {
    /** Adds the bytes each member of group [from, to) of {@code plan} sends to {@code traffic}; returns the exchange's seconds. */
    double seconds(Grouped plan, int from, int to, Traffic traffic);

    /**
     * Whether the group first meets through the DHT's matchmaking and learns of a member lost mid-exchange by the timeout
     * (hivemind's butterfly); a fixed ring, pair or server loses its whole attempt instead.
     */
    default boolean matchmade() {
        return false;
    }
}
