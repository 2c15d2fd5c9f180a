package org.moshsim.config;

/**
 * What moving bytes costs beyond the peers' links.
 *
 * @param payload bytes an exchange moves per peer (the modelled model, e.g. ResNet-50's 25.6M float32
 *                parameters), separate from the dimension D the arithmetic runs at
 * @param delay extra seconds each peer takes in each round before it is ready (stragglers, jitter)
 * @param matchmaking the DHT's matchmaking window in seconds, paid before every group forms (plus lookup hops)
 * @param timeout seconds a group waits before giving up on a member that failed mid-exchange
 */
public record NetworkSpec(double payload, Dist delay, double matchmaking, double timeout) {
}
