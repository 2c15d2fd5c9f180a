/**
 * The CUDA backend: the CPU backend's semantics as kernels (cuda-kernels/*.cu, shipped in the jar as
 * fatbins) driven through JCuda's driver API. {@link org.moshsim.backend.cuda.Cuda} probes the machine
 * without ever throwing, so a machine with no GPU or driver just reports why CUDA is not usable.
 * Plans over lossy links take their lost packets from the host (the CPU backend's own link streams), so both
 * backends give the same bits.
 */
package org.moshsim.backend.cuda;
