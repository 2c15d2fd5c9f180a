/**
 * The peers and their availability. For now: independent per-round failures
 * ({@link org.moshsim.swarm.BernoulliDropout}). Depends on config, engine and random only.
 *
 * <p>May import: {@code org.moshsim.config}, {@code org.moshsim.engine}, {@code org.moshsim.random},
 * {@code org.apache.commons.rng}.
 */
package org.moshsim.swarm;
