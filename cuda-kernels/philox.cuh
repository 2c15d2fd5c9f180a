// Counter-based random numbers shared by the kernels: Philox4x32-10 (Salmon et al., SC'11), the function
// behind commons-rng's Philox4x32 and cuRAND's Philox, so the GPU draws exactly the CPU's words.
#pragma once
#include <stdint.h>

// org.moshsim.random.Purpose codes: the last counter word of every stream.
#define PURPOSE_INITIAL_VALUES 1u

__device__ __forceinline__ uint4 philox4x32_10(uint4 counter, uint2 key) {
#pragma unroll
    for (int round = 0; round < 10; round++) {
        const uint32_t hi0 = __umulhi(0xD2511F53u, counter.x);
        const uint32_t lo0 = 0xD2511F53u * counter.x;
        const uint32_t hi1 = __umulhi(0xCD9E8D57u, counter.z);
        const uint32_t lo1 = 0xCD9E8D57u * counter.z;
        counter = make_uint4(hi1 ^ counter.y ^ key.x, lo1, hi0 ^ counter.w ^ key.y, lo0);
        key.x += 0x9E3779B9u;
        key.y += 0xBB67AE85u;
    }
    return counter;
}

// Block k of the stream (seed, purpose, a, b): counter (k + 1, a, b, purpose), key (seed low, seed high).
// commons-rng starts one block past the counter it is seeded with, hence k + 1 (see RandomStreams).
__device__ __forceinline__ uint4 stream_block(unsigned long long seed, uint32_t purpose, uint32_t a, uint32_t b,
                                              unsigned long long k) {
    return philox4x32_10(make_uint4((uint32_t) (k + 1), a, b, purpose), make_uint2((uint32_t) seed, (uint32_t) (seed >> 32)));
}

// A uniform number in (0, 1) from 32 random bits, as RandomStreams.openUniform.
__device__ __forceinline__ double open_uniform(uint32_t bits) {
    return ((double) bits + 0.5) * 0x1p-32;
}
