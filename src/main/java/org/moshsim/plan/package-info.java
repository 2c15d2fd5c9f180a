/**
 * Plans: the seam between protocols, which decide who averages with whom, and backends, which do the
 * arithmetic (and, later, the network model, which prices the same plan). Plans are plain arrays in CSR
 * form so that a backend can run all of an instant's groups in one pass or one kernel launch.
 * A plan may carry the lossy {@link org.moshsim.compress.Codec} its senders encode with (a gradient exchange: its
 * {@link org.moshsim.compress.Compression}), and the lossy links ({@link org.moshsim.lossy.LossyRound}) its rows cross.
 * Training plans accumulate gradients ({@link org.moshsim.plan.LocalSteps}) and exchange them
 * ({@link org.moshsim.plan.GradientExchange}) or step. Depends only on compress and lossy (for those).
 */
package org.moshsim.plan;
