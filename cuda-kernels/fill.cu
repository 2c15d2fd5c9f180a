// Initial values and weights: the Backend's fillNormal, fillUniform and the push-sum weights' reset.
// Every value is a pure function of (seed, row, column), as on the CPU (RandomStreams.normalRow/uniformRow).
#include "philox.cuh"

// Box-Muller on the stream (seed, INITIAL_VALUES, row, 0): words (2p, 2p + 1) give values 2p and 2p + 1.
extern "C" __global__ void fill_normal(float* values, long long rows, int dim, unsigned long long seed, double mean,
                                       double std) {
    const long long pairs = (dim + 1) / 2;
    const long long total = rows * pairs;
    for (long long t = blockIdx.x * (long long) blockDim.x + threadIdx.x; t < total; t += (long long) gridDim.x * blockDim.x) {
        const long long row = t / pairs;
        const int p = (int) (t - row * pairs);
        const uint4 words = stream_block(seed, PURPOSE_INITIAL_VALUES, (uint32_t) row, 0u, (unsigned long long) (p / 2));
        const uint32_t u0 = (p & 1) ? words.z : words.x;
        const uint32_t u1 = (p & 1) ? words.w : words.y;
        const double r = sqrt(-2.0 * log(open_uniform(u0)));
        const double angle = 2.0 * 3.141592653589793 * open_uniform(u1);
        float* out = values + row * dim + 2 * p;
        out[0] = (float) (mean + std * r * cos(angle));
        if (2 * p + 1 < dim) {
            out[1] = (float) (mean + std * r * sin(angle));
        }
    }
}

// Word j of the stream (seed, INITIAL_VALUES, row, 0) gives value j.
extern "C" __global__ void fill_uniform(float* values, long long rows, int dim, unsigned long long seed, double low,
                                        double high) {
    const long long total = rows * dim;
    for (long long e = blockIdx.x * (long long) blockDim.x + threadIdx.x; e < total; e += (long long) gridDim.x * blockDim.x) {
        const long long row = e / dim;
        const int j = (int) (e - row * dim);
        const uint4 words = stream_block(seed, PURPOSE_INITIAL_VALUES, (uint32_t) row, 0u, (unsigned long long) (j / 4));
        const uint32_t u = (j & 3) == 0 ? words.x : (j & 3) == 1 ? words.y : (j & 3) == 2 ? words.z : words.w;
        values[e] = (float) (low + (high - low) * open_uniform(u));
    }
}

extern "C" __global__ void fill_ones(double* weights, long long n) {
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        weights[i] = 1.0;
    }
}

// Every row becomes the same row (every peer starts from one model) and every push-sum weight 1.
extern "C" __global__ void fill_rows(float* values, double* weights, const float* row, long long rows, int dim) {
    const long long total = rows * dim;
    for (long long e = blockIdx.x * (long long) blockDim.x + threadIdx.x; e < total; e += (long long) gridDim.x * blockDim.x) {
        const long long i = e / dim;
        values[e] = row[e - i * dim];
        if (e - i * dim == 0) {
            weights[i] = 1.0;
        }
    }
}
