/**
 * Stragglers in synchronous training and DropCompute (Giladi et al., NeurIPS 2023, arXiv 2306.10598): a model of
 * micro-batch compute times, the step time of synchronous all-reduce with and without a compute threshold, the
 * effective speedup, automatic threshold selection and the expected number of completed micro-batches.
 * Pure numerics: depends only on {@code org.moshsim.random}; nothing here reads config or prices the network.
 *
 * <p>May import: {@code org.moshsim.random}, {@code org.apache.commons.rng}, {@code org.apache.commons.statistics}.
 */
package org.moshsim.straggler;
