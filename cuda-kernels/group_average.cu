// GroupAveraging plans: every group (CSR: members[offsets[g] .. offsets[g + 1] - 1]) replaces its members'
// rows, and their push-sum weights, by the group's mean. One launch runs every group of an instant:
// blockIdx.x is the group, blockIdx.y a tile of columns. Sums run in float64 in member order, as on the CPU,
// so both backends give the same bits (built with --fmad=false: no fused multiply-adds). The sums read
// `source`: the matrix itself, or (a plan with a codec) the members' decoded rows from compress.cu.

#include "average_weights.cuh"

// One column per thread.
extern "C" __global__ void group_average(float* values, double* weights, const int* offsets, const int* members,
                                         const float* source, int dim) {
    const int first = offsets[blockIdx.x];
    const int last = offsets[blockIdx.x + 1];
    for (int col = blockIdx.y * blockDim.x + threadIdx.x; col < dim; col += gridDim.y * blockDim.x) {
        double sum = source[(long long) members[first] * dim + col];
#pragma unroll 8
        for (int k = first + 1; k < last; k++) {
            sum = sum + source[(long long) members[k] * dim + col];
        }
        const float mean = (float) (sum / (last - first));
        for (int k = first; k < last; k++) {
            values[(long long) members[k] * dim + col] = mean;
        }
    }
    if (blockIdx.y == 0 && threadIdx.x == 0) {
        average_weights(weights, members, first, last);
    }
}

// Four columns per thread with 16-byte loads and stores; needs dim % 4 == 0 (rows stay 16-byte aligned).
extern "C" __global__ void group_average4(float* values, double* weights, const int* offsets, const int* members,
                                          const float* source, int dim) {
    const int first = offsets[blockIdx.x];
    const int last = offsets[blockIdx.x + 1];
    const int quads = dim / 4;
    float4* rows = reinterpret_cast<float4*>(values);
    const float4* sent = reinterpret_cast<const float4*>(source);
    for (int q = blockIdx.y * blockDim.x + threadIdx.x; q < quads; q += gridDim.y * blockDim.x) {
        const float4 v = sent[(long long) members[first] * quads + q];
        double sx = v.x, sy = v.y, sz = v.z, sw = v.w;
#pragma unroll 8
        for (int k = first + 1; k < last; k++) {
            const float4 u = sent[(long long) members[k] * quads + q];
            sx = sx + u.x;
            sy = sy + u.y;
            sz = sz + u.z;
            sw = sw + u.w;
        }
        const int size = last - first;
        const float4 mean = make_float4((float) (sx / size), (float) (sy / size), (float) (sz / size), (float) (sw / size));
        for (int k = first; k < last; k++) {
            rows[(long long) members[k] * quads + q] = mean;
        }
    }
    if (blockIdx.y == 0 && threadIdx.x == 0) {
        average_weights(weights, members, first, last);
    }
}
