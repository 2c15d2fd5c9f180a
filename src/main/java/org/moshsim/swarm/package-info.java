/**
 * The peers and their availability. For now: independent per-round failures
 * ({@link org.moshsim.swarm.BernoulliDropout}). Depends on config and random only.
 */
package org.moshsim.swarm;
