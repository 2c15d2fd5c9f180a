package org.moshsim.config;

/** Everything about a run but the protocol and the seed: the swarm, its values and its failures. */
public record Scenario(int peers, int dim, int rounds, InitSpec init, FailureSpec failures) {
}
