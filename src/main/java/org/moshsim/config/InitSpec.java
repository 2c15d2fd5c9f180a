package org.moshsim.config;

/** The distribution of the peers' initial values, drawn independently per value. */
public sealed interface InitSpec {
    record Normal(double mean, double std) implements InitSpec {
    }

    record Uniform(double low, double high) implements InitSpec {
    }
}
