// SparseMixing plans (gossip, push-sum): row r of the plan gets sum_k coef[k] * row(sources[k]), every row
// read as it was before the plan. Two launches: mix_rows writes the new rows to a scratch matrix, then
// scatter_rows copies them over the peers' rows (a grid-wide barrier between reading and writing).
// Sums run in float64 from 0 in entry order, as on the CPU (--fmad=false keeps products rounded). With a codec
// (compressed != 0), every source but the row's own peer is read from `sent`, the decoded rows of compress.cu.

extern "C" __global__ void mix_rows(const float* values, const double* weights, const int* offsets, const int* sources,
                                    const double* coef, float* scratch, double* scratch_weights, const int* rows,
                                    const float* sent, int compressed, int dim) {
    const int first = offsets[blockIdx.x];
    const int last = offsets[blockIdx.x + 1];
    const int self = compressed ? rows[blockIdx.x] : -1;
    for (int col = blockIdx.y * blockDim.x + threadIdx.x; col < dim; col += gridDim.y * blockDim.x) {
        double sum = 0.0;
#pragma unroll 4
        for (int k = first; k < last; k++) {
            const float* from = sources[k] == self ? values : sent;
            sum = sum + coef[k] * from[(long long) sources[k] * dim + col];
        }
        scratch[(long long) blockIdx.x * dim + col] = (float) sum;
    }
    if (blockIdx.y == 0 && threadIdx.x == 0) {
        double sum = 0.0;
        for (int k = first; k < last; k++) {
            sum = sum + coef[k] * weights[sources[k]];
        }
        scratch_weights[blockIdx.x] = sum;
    }
}

extern "C" __global__ void scatter_rows(float* values, double* weights, const int* rows, const float* scratch,
                                        const double* scratch_weights, int dim) {
    const long long target = (long long) rows[blockIdx.x] * dim;
    const long long source = (long long) blockIdx.x * dim;
    for (int col = blockIdx.y * blockDim.x + threadIdx.x; col < dim; col += gridDim.y * blockDim.x) {
        values[target + col] = scratch[source + col];
    }
    if (blockIdx.y == 0 && threadIdx.x == 0) {
        weights[rows[blockIdx.x]] = scratch_weights[blockIdx.x];
    }
}
