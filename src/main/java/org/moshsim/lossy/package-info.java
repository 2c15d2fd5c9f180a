/**
 * Training under packet loss (Weintraub, Banner, Orda, "Distributed Training under Packet Loss", arXiv 2507.07114):
 * packet-loss models (independent and Gilbert-Elliott bursts), aggregation of peers' vectors from whatever packets
 * arrive (zero-fill, received-only, retransmission), parameter broadcasts that leave lost packets stale, and the bias
 * and drift those cause. Pure numerics: depends only on {@code org.moshsim.random}; the network model prices the
 * sends these classes count.
 *
 * <p>May import: {@code org.moshsim.random}, {@code org.apache.commons.rng}.
 */
package org.moshsim.lossy;
