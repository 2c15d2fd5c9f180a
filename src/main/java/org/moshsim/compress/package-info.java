/**
 * Compression of the vectors peers exchange: lossy codecs for one vector (float16, blockwise int8, low-bit
 * group quantisation), sparsifiers (Top-K, Rand-K), the all-reduce-compatible ARC-Top-K, error feedback
 * (EF14, EF21, EF21M) as per-peer state, and compressed all-reduces (Flash Communication's two-step
 * quantised all-reduce, a float16 ring) that report their bytes and sequential steps for the network model.
 * Pure CPU numerics: float32 storage, float64 sums. Randomness comes only from
 * {@link org.moshsim.random.RandomStreams} with purpose COMPRESSION. Depends on random only.
 *
 * <p>May import: {@code org.moshsim.random}, {@code org.apache.commons.rng}.
 */
package org.moshsim.compress;
