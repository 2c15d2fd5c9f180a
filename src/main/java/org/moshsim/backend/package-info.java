/**
 * The arithmetic. A {@link org.moshsim.backend.Backend} owns the N x D matrix of peer values (float32) and
 * the peers' push-sum weights (float64), executes {@link org.moshsim.plan.Plan}s and measures the error;
 * sums accumulate in float64. {@code cpu/} is plain multi-threaded Java. Backends never decide who
 * averages with whom. Both also train the rows on a {@link org.moshsim.backend.Task}: local SGD steps and
 * evaluations of the average model. Depends on plan,
 * random and the root package.
 */
package org.moshsim.backend;
