/**
 * The CUDA backend: the CPU backend's semantics as kernels (cuda-kernels/*.cu, shipped in the jar as
 * fatbins) driven through JCuda's driver API. {@link org.moshsim.backend.cuda.Cuda} probes the machine
 * without ever throwing, so a machine with no GPU or driver just reports why CUDA is not usable.
 * {@code Kernel} is the one list of the kernels, their files and parameter types: the device loads and looks up
 * every kernel from it when the backend is first used, every launch is checked against it, and a test compares it
 * with the .cu sources on any machine.
 * Plans over lossy links take their lost packets from the host (the CPU backend's own link streams), so both
 * backends give the same bits. Gradient exchanges keep their per-run state on the device
 * ({@link org.moshsim.backend.cuda.CudaGradientExchanges}) and aggregate through every compression there
 * ({@link org.moshsim.backend.cuda.CudaAggregation}), in the CPU's float64 order.
 *
 * <p>May depend on: the backend's door ({@code org.moshsim.backend}), {@code plan}, the codecs and sparsifiers of
 * {@code compress} and the packet-loss streams of {@code lossy} that plans carry, the root package and JCuda. Never on
 * {@code protocol} (backends compute plans, they never decide groups), {@code simulation}, {@code network},
 * {@code swarm}, {@code config}, {@code workload}, {@code training}, {@code metrics}, {@code report} or the
 * {@code cpu} backend.
 *
 * <p>May import: {@code org.moshsim}, {@code org.moshsim.backend}, {@code org.moshsim.plan},
 * {@code org.moshsim.compress}, {@code org.moshsim.lossy}, {@code jcuda}.
 */
package org.moshsim.backend.cuda;
