/**
 * moshsim: a simulator of decentralized averaging and training on unreliable peers.
 *
 * <p>Data flows one way: {@code config -> engine (swarm, protocol, backend) -> metrics -> report};
 * {@code cli} wires them. This root package holds only {@link org.moshsim.BadInput}, the one
 * exception every room may throw for input that cannot be run.
 */
package org.moshsim;
