/**
 * moshsim: a simulator of decentralized averaging and training on unreliable peers.
 *
 * <p>Data flows one way: {@code config -> simulation (swarm, protocol, network, backend) -> metrics -> report};
 * {@code cli} wires them. This root package holds the vocabulary every room shares: {@link org.moshsim.BadInput},
 * the one exception for input that cannot be run, and what runs measure ({@link org.moshsim.Measure}) and aim
 * for ({@link org.moshsim.Target}).
 *
 * <p>May import: nothing outside the JDK.
 */
package org.moshsim;
