package org.moshsim.config;

/** Peers fail independently with probability p in each round and keep their values (p = 0: no failures). */
public record FailureSpec(double p, FailureSemantics semantics) {
    public static final FailureSpec NONE = new FailureSpec(0, FailureSemantics.EXCLUDE);
}
