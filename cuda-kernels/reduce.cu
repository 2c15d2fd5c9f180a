// Float64 reductions: the reference average (markReference) and the mean squared error to it.
#include "block_sum.cuh"

// One thread per column sums the de-biased rows in row order, exactly as the CPU does, so the reference is
// the same to the bit on both backends.
extern "C" __global__ void column_means(const float* values, const double* weights, long long rows, int dim, double* means) {
    const int col = blockIdx.x * blockDim.x + threadIdx.x;
    if (col >= dim) {
        return;
    }
    double sum = 0.0;
    for (long long i = 0; i < rows; i++) {
        sum = sum + values[i * dim + col] / weights[i];
    }
    means[col] = sum / (double) rows;
}

// Per block: sum over its share of (x_ij / w_i - ref_j)^2. Launched with REDUCE_THREADS threads.
// Wide rows: blocks take rows, threads take columns. Narrow rows: threads take values of a flat index.
extern "C" __global__ void mse_partials(const float* values, const double* weights, const double* reference, long long rows,
                                        int dim, double* partials) {
    double sum = 0.0;
    if (dim >= REDUCE_THREADS) {
        for (long long i = blockIdx.x; i < rows; i += gridDim.x) {
            const double w = weights[i];
            const float* row = values + i * dim;
            for (int j = threadIdx.x; j < dim; j += REDUCE_THREADS) {
                const double d = row[j] / w - reference[j];
                sum = sum + d * d;
            }
        }
    } else {
        const long long total = rows * dim;
        for (long long e = blockIdx.x * (long long) REDUCE_THREADS + threadIdx.x; e < total; e += (long long) gridDim.x * REDUCE_THREADS) {
            const long long i = e / dim;
            const double d = values[e] / weights[i] - reference[e - i * dim];
            sum = sum + d * d;
        }
    }
    const double total = block_sum(sum);
    if (threadIdx.x == 0) {
        partials[blockIdx.x] = total;
    }
}

// One block adds up the partial sums (each thread a strided share, then the tree) into result[0].
extern "C" __global__ void sum_partials(const double* partials, int count, double* result) {
    double sum = 0.0;
    for (int k = threadIdx.x; k < count; k += REDUCE_THREADS) {
        sum = sum + partials[k];
    }
    const double total = block_sum(sum);
    if (threadIdx.x == 0) {
        result[0] = total;
    }
}
