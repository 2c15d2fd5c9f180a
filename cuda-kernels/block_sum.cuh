// The sum of one block's values in a fixed tree order (deterministic for a fixed launch shape).
#pragma once

#define REDUCE_THREADS 256

// Launched with REDUCE_THREADS threads; every thread gets the block's total.
__device__ __forceinline__ double block_sum(double value) {
    __shared__ double partial[REDUCE_THREADS];
    __syncthreads();  // a previous call's readers are done with partial
    partial[threadIdx.x] = value;
    __syncthreads();
    for (int stride = REDUCE_THREADS / 2; stride > 0; stride /= 2) {
        if (threadIdx.x < stride) {
            partial[threadIdx.x] = partial[threadIdx.x] + partial[threadIdx.x + stride];
        }
        __syncthreads();
    }
    return partial[0];
}
