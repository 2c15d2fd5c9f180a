// Codecs of org.moshsim.compress on the device: each kernel writes the round trip (encode then decode) of the
// listed rows of the peer matrix into the same rows of a second matrix, which the averaging and mixing kernels
// then read as what those peers sent. The arithmetic is the Java codecs', operation for operation (codecs.cuh), so
// both backends decode to the same bits.
#include <cuda_fp16.h>
#include "codecs.cuh"

// compress/Float16: binary16, round to nearest even (subnormals kept, from 65520 up infinity).
extern "C" __global__ void round_trip_float16(const float* values, float* decoded, const int* rows, int count, int dim) {
    const long long total = (long long) count * dim;
    for (long long e = blockIdx.x * (long long) blockDim.x + threadIdx.x; e < total; e += (long long) gridDim.x * blockDim.x) {
        const long long r = e / dim;
        const long long at = (long long) rows[r] * dim + (e - r * dim);
        decoded[at] = __half2float(__float2half_rn(values[at]));
    }
}

// compress/Blockwise8Bit: per block, scale = absmax / 127 in float32; code = rint(x / (double) scale) clamped to
// [-127, 127]; decoded = (float) (code * (double) scale). One thread per (row, block).
extern "C" __global__ void round_trip_blockwise8(const float* values, float* decoded, const int* rows, int count, int dim,
                                                 int block) {
    const int blocks = (dim + block - 1) / block;
    const long long total = (long long) count * blocks;
    for (long long t = blockIdx.x * (long long) blockDim.x + threadIdx.x; t < total; t += (long long) gridDim.x * blockDim.x) {
        const long long r = t / blocks;
        const int start = (int) (t - r * blocks) * block;
        const int end = min(dim, start + block);
        const float* x = values + (long long) rows[r] * dim;
        float* out = decoded + (long long) rows[r] * dim;
        float absmax = 0.0f;
        for (int j = start; j < end; j++) {
            absmax = java_max(absmax, fabsf(x[j]));
        }
        const float scale = __fdiv_rn(absmax, 127.0f);
        for (int j = start; j < end; j++) {
            // Through an int, as in Java: a code of -0.0 must decode to +0.0.
            int code = 0;
            if (scale != 0.0f) {
                code = (int) fmin(127.0, fmax(-127.0, rint(__ddiv_rn((double) x[j], (double) scale))));
            }
            out[j] = (float) __dmul_rn((double) code, (double) scale);
        }
    }
}

// compress/GroupQuantizer: per group, codecs.cuh's group_round_trip. One thread per (row, group).
extern "C" __global__ void round_trip_group(const float* values, float* decoded, const int* rows, int count, int dim,
                                            int group, int levels) {
    const int groups = (dim + group - 1) / group;
    const long long total = (long long) count * groups;
    for (long long t = blockIdx.x * (long long) blockDim.x + threadIdx.x; t < total; t += (long long) gridDim.x * blockDim.x) {
        const long long r = t / groups;
        const int start = (int) (t - r * groups) * group;
        const int end = min(dim, start + group);
        group_round_trip(values + (long long) rows[r] * dim, decoded + (long long) rows[r] * dim, start, end, levels);
    }
}
