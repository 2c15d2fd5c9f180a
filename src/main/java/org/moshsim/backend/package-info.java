/**
 * The arithmetic. A {@link org.moshsim.backend.Backend} owns the N x D matrix of peer values (float32) and
 * the peers' push-sum weights (float64), executes {@link org.moshsim.plan.Plan}s and measures the error;
 * sums accumulate in float64. {@code cpu/} is plain multi-threaded Java. Backends never decide who
 * averages with whom. Both also train the rows on a {@link org.moshsim.backend.Task}: local SGD steps and
 * evaluations of the average model; and they accumulate gradients and exchange them, with the error-feedback state and
 * a parameter server's parameters each keeps per run next to the rows.
 * Depends on plan and the root package; {@link org.moshsim.backend.Backends} alone names the two backends, to choose
 * one.
 *
 * <p>May import: {@code org.moshsim}, {@code org.moshsim.plan}, {@code org.moshsim.backend.cpu},
 * {@code org.moshsim.backend.cuda}.
 */
package org.moshsim.backend;
