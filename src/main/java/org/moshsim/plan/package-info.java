/**
 * Plans: the seam between protocols, which decide who averages with whom, and backends, which do the arithmetic, while
 * the network model prices the same plan by its collective. Plans are plain arrays in CSR form so that a backend can
 * run all of an instant's groups in one pass or one kernel launch; their builders keep their arrays when cleared.
 * A plan may carry the lossy {@link org.moshsim.compress.Codec} its senders encode with (a gradient exchange: its
 * {@link org.moshsim.compress.Compression}; group averaging: a compressed all-reduce instead), and the lossy links ({@link org.moshsim.lossy.LossyRound}) its rows cross.
 * Training plans accumulate gradients ({@link org.moshsim.plan.LocalSteps}) and exchange them
 * ({@link org.moshsim.plan.GradientExchange}) or step, by an {@link org.moshsim.plan.Optimizer} whose state is each
 * peer's own, and a returning peer downloads row and state ({@link org.moshsim.plan.StateDownload}). Background
 * averaging may start from the rows as they were
 * ({@link org.moshsim.plan.RowSnapshot}) and hand its result back as an {@link org.moshsim.plan.Apply} mode says
 * ({@link org.moshsim.plan.SnapshotAveraging}). Depends only on compress and lossy (for those); never on
 * backends or protocols: plans are data.
 *
 * <p>May import: {@code org.moshsim.compress}, {@code org.moshsim.lossy}.
 */
package org.moshsim.plan;
