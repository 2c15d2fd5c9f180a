/**
 * The CPU backend: plain Java over blocked float arrays, parallel over groups, rows and column blocks in a
 * ForkJoinPool. Work is split into pieces whose boundaries depend only on the data's shape, never on the
 * thread count, and partial sums are combined in a fixed order, so results are identical for any threads.
 * Plans over lossy links read each link's packet fates from its own counter-based stream, one task per receiving row;
 * a lossy group's members share one running sum per packet up to their first lost packet.
 * {@link org.moshsim.backend.cpu.GradientExchanges} keeps a run's accumulated gradients, error-feedback rows and
 * parameter-server copy, and executes gradient exchanges through the arithmetic of {@code compress} and {@code lossy}.
 * The model kernels' dense products use the Java Vector API (jdk.incubator.vector) where the JVM has the module and
 * C2, plain loops otherwise: the same sums in the same order, so the same bits either way.
 * Depends on backend, plan, compress, lossy, random and the root package; never on protocols.
 *
 * <p>May import: {@code org.moshsim}, {@code org.moshsim.backend}, {@code org.moshsim.plan},
 * {@code org.moshsim.compress}, {@code org.moshsim.lossy}, {@code org.moshsim.random}, {@code jdk.incubator.vector},
 * {@code com.sun.management}.
 */
package org.moshsim.backend.cpu;
