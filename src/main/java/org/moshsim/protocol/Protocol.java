package org.moshsim.protocol;

import org.moshsim.plan.Plan;

/** An averaging protocol: plans each round's exchanges, keeping whatever state it needs between rounds. */
public interface Protocol {
    /**
     * The exchanges of round {@code round} (0, 1, ...), given who takes part. Rounds are planned in order. The plan is
     * valid until the next call: protocols plan every round into the same arrays, so that rounds allocate nothing.
     */
    Plan plan(int round, Participation participation);
}
