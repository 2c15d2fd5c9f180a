// Sparsifiers of org.moshsim.compress on the device (Top-K, Rand-K, ARC-Top-K), each writing the same bits as the
// Java compressor: kept values copied, +0.0f elsewhere. Built with --fmad=false: the float64 products and sums
// below are rounded one by one, as Java rounds them (the intrinsics say so explicitly as well).

#define SPARSIFY_THREADS 256  // TopK's block size: a multiple of the warp, as its ballots need

// compress/TopK, one block per row: the k largest |x| of the row, ties to the lower index. |x|'s bits (the sign
// cleared: TopK's sort key) order as the magnitudes do, NaN above infinity, so a radix select on them finds the
// k-th largest key T in 4 passes of 8 bits, each one histogram of the candidates still matching T's high digits.
// The row then keeps every key above T and, in index order, the first (k - #above) keys equal to T: exactly the
// last k of TopK's ascending sort by (key, complement of index). Cost: 5 reads of the row, one shared-memory
// atomic per candidate and pass; rows run in parallel, so a few very long rows leave most of the GPU idle.
extern "C" __global__ void top_k_rows(const float* values, float* out, int dim, int k) {
    __shared__ unsigned int histogram[256];
    __shared__ unsigned int threshold;   // T's digits found so far (then T)
    __shared__ int remaining;            // of the k, how many are still to be found among the candidates
    __shared__ int warpEquals[SPARSIFY_THREADS / 32];
    __shared__ int equalsBefore;         // keys equal to T before the current chunk
    const float* x = values + (long long) blockIdx.x * dim;
    float* y = out + (long long) blockIdx.x * dim;
    if (threadIdx.x == 0) {
        threshold = 0;
        remaining = min(k, dim);
        equalsBefore = 0;
    }
    for (int shift = 24; shift >= 0; shift -= 8) {
        for (int b = threadIdx.x; b < 256; b += blockDim.x) {
            histogram[b] = 0;
        }
        __syncthreads();
        // Candidates: keys whose digits above this one are T's so far.
        const unsigned int high = shift == 24 ? 0u : 0xffffffffu << (shift + 8);
        const unsigned int prefix = threshold;
        for (int j = threadIdx.x; j < dim; j += blockDim.x) {
            const unsigned int key = __float_as_uint(x[j]) & 0x7fffffffu;
            if ((key & high) == prefix) {
                atomicAdd(&histogram[(key >> shift) & 0xffu], 1u);
            }
        }
        __syncthreads();
        if (threadIdx.x == 0) {
            // From the top digit down, the first at which the count reaches the remaining k is T's digit;
            // the candidates above it are kept whatever comes next.
            int above = 0;
            int digit = 255;
            while (above + (int) histogram[digit] < remaining) {
                above += histogram[digit];
                digit--;
            }
            remaining -= above;
            threshold = prefix | ((unsigned int) digit << shift);
        }
        __syncthreads();
    }
    const unsigned int t = threshold;
    const int equalsKept = remaining;  // 1 .. #(keys equal to T)
    const int lane = threadIdx.x & 31;
    const int warp = threadIdx.x >> 5;
    // Chunks of blockDim in index order; an equal key's rank is its position among the row's equal keys.
    for (int base = 0; base < dim; base += blockDim.x) {
        const int j = base + threadIdx.x;
        const unsigned int key = j < dim ? __float_as_uint(x[j]) & 0x7fffffffu : 0u;
        const bool equal = j < dim && key == t;
        const unsigned int ballot = __ballot_sync(0xffffffffu, equal);
        if (lane == 0) {
            warpEquals[warp] = __popc(ballot);
        }
        __syncthreads();
        int rank = equalsBefore + __popc(ballot & ((1u << lane) - 1u));
        for (int w = 0; w < warp; w++) {
            rank += warpEquals[w];
        }
        if (j < dim) {
            y[j] = key > t || (equal && rank < equalsKept) ? x[j] : 0.0f;
        }
        __syncthreads();
        if (threadIdx.x == 0) {
            for (int w = 0; w < (int) (blockDim.x >> 5); w++) {
                equalsBefore += warpEquals[w];
            }
        }
        __syncthreads();
    }
}

// compress/RandK: out (zeroed beforehand) gets, at the shared indices, (float) (x * (double) factor), factor 1 or
// D / k as RandK computes it. One thread per (row, kept index).
extern "C" __global__ void scatter_kept(const float* values, float* out, const int* indices, int count, long long rows,
                                        int dim, double factor) {
    const long long total = rows * count;
    for (long long e = blockIdx.x * (long long) blockDim.x + threadIdx.x; e < total; e += (long long) gridDim.x * blockDim.x) {
        const long long r = e / count;
        const long long at = r * dim + indices[e - r * count];
        out[at] = (float) __dmul_rn((double) values[at], factor);
    }
}

// compress/ArcTopK.sketch: every peer's G_i V (R x r, float64), G_i its row read as R x C (zero-padded: the missing
// tail is skipped, as in Java), V the shared C x r sketch. One thread per (peer, sketch row j, column q), summing
// over c in increasing order from +0.0, as the Java loops do for each s[j r + q].
extern "C" __global__ void arc_sketches(const float* values, const double* sketch, double* sketches, long long peers,
                                        int dim, int rows, int columns, int rank) {
    const long long total = peers * rows * rank;
    for (long long e = blockIdx.x * (long long) blockDim.x + threadIdx.x; e < total; e += (long long) gridDim.x * blockDim.x) {
        const long long i = e / ((long long) rows * rank);
        const int jq = (int) (e - i * rows * rank);
        const int j = jq / rank;
        const int q = jq - j * rank;
        const float* g = values + i * dim;
        double s = 0.0;
        for (int c = 0; c < columns && (long long) j * columns + c < dim; c++) {
            s = __dadd_rn(s, __dmul_rn((double) g[j * columns + c], sketch[c * rank + q]));
        }
        sketches[e] = s;
    }
}

// compress/ArcTopK.selectRows: each group's all-reduced sketch (group g: rows offsets[g] .. offsets[g + 1] - 1 of
// `sketches`, one per peer), summed over its peers in peer order from +0.0, into row g of `sums`.
extern "C" __global__ void sum_sketches(const double* sketches, double* sums, const int* offsets, int groups, int size) {
    const long long total = (long long) groups * size;
    for (long long e = blockIdx.x * (long long) blockDim.x + threadIdx.x; e < total; e += (long long) gridDim.x * blockDim.x) {
        const int g = (int) (e / size);
        const long long q = e - (long long) g * size;
        double s = 0.0;
        for (long long i = offsets[g]; i < offsets[g + 1]; i++) {
            s = __dadd_rn(s, sketches[i * size + q]);
        }
        sums[e] = s;
    }
}

// compress/ArcTopK.compress: every peer's values on its group's kept rows (keep[g R + j] != 0 for row j of group g =
// group_of[peer], the sketch's row of C values), +0.0f elsewhere.
extern "C" __global__ void keep_rows(const float* values, float* out, const int* keep, const int* group_of, long long peers, int dim,
                                     int columns, int rows) {
    const long long total = peers * dim;
    for (long long e = blockIdx.x * (long long) blockDim.x + threadIdx.x; e < total; e += (long long) gridDim.x * blockDim.x) {
        const long long peer = e / dim;
        const int d = (int) (e - peer * dim);
        out[e] = keep[(long long) group_of[peer] * rows + d / columns] ? values[e] : 0.0f;
    }
}
