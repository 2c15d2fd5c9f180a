package org.moshsim.config;

/** What a peer failure does to the exchange it was part of. */
public enum FailureSemantics {
    /** Failed peers do not take part; the live members of a group average among themselves. */
    EXCLUDE,
    /** Failed peers joined matchmaking and then failed: a group with any failed member skips the round. */
    VOID
}
