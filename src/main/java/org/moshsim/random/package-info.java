/**
 * Counter-based random streams (Philox4x32-10, the algorithm cuRAND also implements): a stream is a
 * pure function of (run seed, purpose, indices), so results never depend on thread count, backend or
 * iteration order. Depends on nothing else in moshsim.
 *
 * <p>May import: {@code org.apache.commons.rng}.
 */
package org.moshsim.random;
