// Gradient exchange (plan/GradientExchange), as the CPU's backend/cpu/GradientExchanges.java and the Compression
// variants of org.moshsim.compress compute it, step by step and to the bit: float64 sums in the same order, float32
// where Java rounds to float (built with --fmad=false: no fused multiply-adds). The host keeps the examples each peer's
// accumulator stands for and lists the groups that exchange ("active": completed, something accumulated) in CSR form:
// offsets over the groups, and per member slot its peer (members) and its group (group_of). Rows indexed by slot
// (sent, inputs, decoded rows) are slot-major; per-peer state (accumulators, error feedback) is indexed by peer.
#include "codecs.cuh"
#include "packets.cuh"

#define EF14 1
#define EF21 2
#define EF21M 3

// compress/Shards: D values in n contiguous shards, the first D mod n one longer.
__device__ __forceinline__ int shard_start(int shard, int length, int count) {
    return shard * (length / count) + min(shard, length % count);
}

__device__ __forceinline__ int shard_of(int col, int length, int count) {
    const int base = length / count;
    const int cut = (length % count) * (base + 1);
    return col < cut ? col / (base + 1) : length % count + (col - cut) / base;
}

// compress/Float16.round(double): the nearest binary16 to v, rounded once (ties to even), as a float: the spacing of
// halves near |v| is 2^(max(e, -14) - 10), e being Math.getExponent(|v|) (-1023 for zero and subnormals).
__device__ __forceinline__ float round_half(double v) {
    if (isnan(v)) {
        return __int_as_float(0x7fc00000);
    }
    const double magnitude = fabs(v);
    if (magnitude >= 65520.0) {
        return __int_as_float(v > 0 ? 0x7f800000 : 0xff800000);
    }
    const int exponent = (int) ((__double_as_longlong(magnitude) >> 52) & 0x7ff) - 1023;
    const double spacing = __longlong_as_double((long long) (max(exponent, -14) - 10 + 1023) << 52);
    return (float) copysign(__dmul_rn(rint(__ddiv_rn(magnitude, spacing)), spacing), v);
}

// What each member of an active group sends, and the exact gradient g the group stands for: member k (count c of
// examples, scale n c / total) sends (float) (sum / c), times its scale unless that is 1 (0 when c is 0), and its
// accumulator is emptied; g = (sum of the members' sums, in member order) / total. blockIdx.x is the group,
// blockIdx.y a tile of columns.
extern "C" __global__ void gradient_contributions(double* accumulated, const int* offsets, const int* members,
                                                  const double* counts, const double* scales, const double* totals, float* sent,
                                                  double* exact, int dim) {
    const int first = offsets[blockIdx.x];
    const int last = offsets[blockIdx.x + 1];
    for (int col = blockIdx.y * blockDim.x + threadIdx.x; col < dim; col += gridDim.y * blockDim.x) {
        double sum = 0.0;
        for (int k = first; k < last; k++) {
            const long long at = (long long) members[k] * dim + col;
            const double own = accumulated[at];
            const double mean = counts[k] == 0.0 ? 0.0 : own / counts[k];
            sent[(long long) k * dim + col] = (float) (scales[k] == 1.0 ? mean : mean * scales[k]);
            sum = sum + own;
            accumulated[at] = 0.0;
        }
        exact[(long long) blockIdx.x * dim + col] = sum / totals[blockIdx.x];
    }
}

// compress/PeerMean of each group's rows: from 0.0 in member order, (float) (sum / n). blockIdx.x is the group.
extern "C" __global__ void group_means(const float* rows, const int* offsets, float* means, int dim) {
    const int first = offsets[blockIdx.x];
    const int last = offsets[blockIdx.x + 1];
    for (int col = blockIdx.y * blockDim.x + threadIdx.x; col < dim; col += gridDim.y * blockDim.x) {
        double sum = 0.0;
        for (int k = first; k < last; k++) {
            sum = sum + rows[(long long) k * dim + col];
        }
        means[(long long) blockIdx.x * dim + col] = (float) (sum / (last - first));
    }
}

// Error feedback, before the compressor (compress/EF14, EF21, EF21M; kind is Compression.Feedback's ordinal): what
// member slot s compresses, from what it sends (g) and its peer's rows. EF14: e += g, compress e. EF21: compress
// g - g_i (first = g_i). EF21M: v = (float) ((1 - w) v + w g), w = eta once started (started[s]) and 1 before,
// compress v - g_i (first = v, second = g_i).
extern "C" __global__ void feedback_inputs(int kind, const float* sent, float* first, const float* second, const int* members,
                                           const int* started, double eta, float* inputs, long long slots, int dim) {
    const long long total = slots * dim;
    for (long long e = blockIdx.x * (long long) blockDim.x + threadIdx.x; e < total; e += (long long) gridDim.x * blockDim.x) {
        const long long s = e / dim;
        const long long at = (long long) members[s] * dim + (e - s * dim);
        const float g = sent[e];
        if (kind == EF14) {
            first[at] = first[at] + g;
            inputs[e] = first[at];
        } else if (kind == EF21) {
            inputs[e] = g - first[at];
        } else {
            const double w = started[s] ? eta : 1.0;
            const float v = (float) (__dmul_rn(1.0 - w, (double) first[at]) + __dmul_rn(w, (double) g));
            first[at] = v;
            inputs[e] = v - second[at];
        }
    }
}

// Error feedback, after the compressor: c is what member slot s sent. EF14: e -= c, the aggregate averages c. EF21:
// g_i += c; EF21M: g_i += c (second); both average the g_i. Writes what the aggregate averages into `outputs`.
extern "C" __global__ void feedback_outputs(int kind, const float* compressed, float* first, float* second, const int* members,
                                            float* outputs, long long slots, int dim) {
    const long long total = slots * dim;
    for (long long e = blockIdx.x * (long long) blockDim.x + threadIdx.x; e < total; e += (long long) gridDim.x * blockDim.x) {
        const long long s = e / dim;
        const long long at = (long long) members[s] * dim + (e - s * dim);
        const float c = compressed[e];
        if (kind == EF14) {
            first[at] = first[at] - c;
            outputs[e] = c;
        } else {
            float* estimate = kind == EF21 ? first : second;
            estimate[at] = estimate[at] + c;
            outputs[e] = estimate[at];
        }
    }
}

// compress/TwoStepQuantizedAllReduce, step (a): member slot s (blockIdx.x) sends shard j of its row, quantised in
// groups of `group` from the shard's start (GroupQuantizer.roundTrip of the shard), to member j of its group; the
// receiver's decoded copy goes to the same columns of row s of `received`. Its own shard never leaves it (skipped).
// One thread per shard.
extern "C" __global__ void two_step_shards(const float* sent, float* received, const int* offsets, const int* group_of,
                                           int dim, int group, int levels) {
    const int s = blockIdx.x;
    const int first = offsets[group_of[s]];
    const int n = offsets[group_of[s] + 1] - first;
    const float* x = sent + (long long) s * dim;
    float* out = received + (long long) s * dim;
    for (int j = threadIdx.x; j < n; j += blockDim.x) {
        if (j == s - first) {
            continue;
        }
        const int start = shard_start(j, dim, n);
        const int end = shard_start(j + 1, dim, n);
        for (int from = start; from < end; from += group) {
            group_round_trip(x, out, from, min(end, from + group), levels);
        }
    }
}

// Step (b), the sum: member j owns shard j and sums, in member order from 0.0, its own values exactly and the others'
// decoded ones; (float) of the sum goes to the group's row of `reduced`. blockIdx.x is the group.
extern "C" __global__ void two_step_reduce(const float* sent, const float* received, const int* offsets, float* reduced, int dim) {
    const int first = offsets[blockIdx.x];
    const int n = offsets[blockIdx.x + 1] - first;
    for (int col = blockIdx.y * blockDim.x + threadIdx.x; col < dim; col += gridDim.y * blockDim.x) {
        const int owner = first + shard_of(col, dim, n);
        double sum = 0.0;
        for (int k = first; k < first + n; k++) {
            sum = sum + (k == owner ? sent : received)[(long long) k * dim + col];
        }
        reduced[(long long) blockIdx.x * dim + col] = (float) sum;
    }
}

// Step (b), the all-gather: each owner quantises its shard of the sum (groups from the shard's start) and every member
// dequantises it; the aggregate is that sum over n, in float32. blockIdx.x is the group, one thread per shard.
extern "C" __global__ void two_step_gather(const float* reduced, float* means, const int* offsets, int dim, int group, int levels) {
    const int n = offsets[blockIdx.x + 1] - offsets[blockIdx.x];
    const float* x = reduced + (long long) blockIdx.x * dim;
    float* out = means + (long long) blockIdx.x * dim;
    for (int j = threadIdx.x; j < n; j += blockDim.x) {
        const int start = shard_start(j, dim, n);
        const int end = shard_start(j + 1, dim, n);
        for (int from = start; from < end; from += group) {
            group_round_trip(x, out, from, min(end, from + group), levels);
        }
        for (int col = start; col < end; col++) {
            out[col] = out[col] / (float) n;
        }
    }
}

// compress/Float16RingAllReduce: chunk c of the group's rows is summed around the ring from member c, rounded to
// float16 at every hop (the sum of a partial and the next member's float16 value rounded once); the aggregate is the
// sum over n, in float32. blockIdx.x is the group.
extern "C" __global__ void float16_ring(const float* sent, const int* offsets, float* means, int dim) {
    const int first = offsets[blockIdx.x];
    const int n = offsets[blockIdx.x + 1] - first;
    for (int col = blockIdx.y * blockDim.x + threadIdx.x; col < dim; col += gridDim.y * blockDim.x) {
        const int chunk = shard_of(col, dim, n);
        float partial = round_half(sent[(long long) (first + chunk) * dim + col]);
        for (int hop = 1; hop < n; hop++) {
            const float next = round_half(sent[(long long) (first + (chunk + hop) % n) * dim + col]);
            partial = round_half(__dadd_rn((double) partial, (double) next));
        }
        means[(long long) blockIdx.x * dim + col] = partial / (float) n;
    }
}

// Every member slot s of the active groups steps with aggregate row aggregate_of[s]: model = (float) (x / w - rate a)
// at its de-biased row, stored times w, as a local step is.
extern "C" __global__ void gradient_steps(float* values, const double* weights, const int* members, const float* aggregates,
                                          const int* aggregate_of, double rate, long long slots, int dim) {
    const long long total = slots * dim;
    for (long long e = blockIdx.x * (long long) blockDim.x + threadIdx.x; e < total; e += (long long) gridDim.x * blockDim.x) {
        const long long s = e / dim;
        const long long col = e - s * dim;
        const long long at = (long long) members[s] * dim + col;
        const double w = weights[members[s]];
        const float model = (float) (values[at] / w - rate * aggregates[(long long) aggregate_of[s] * dim + col]);
        values[at] = (float) (model * w);
    }
}

// Peers whose exchange did not happen: with counts[p] > 0 peer p steps with its own gradient (float) (sum / count), as
// gradient_steps does; either way its accumulator is emptied (a failed ring's members just drop theirs).
extern "C" __global__ void step_alone(float* values, const double* weights, double* accumulated, const int* peers, const double* counts,
                                      double rate, long long count, int dim) {
    const long long total = count * dim;
    for (long long e = blockIdx.x * (long long) blockDim.x + threadIdx.x; e < total; e += (long long) gridDim.x * blockDim.x) {
        const long long p = e / dim;
        const long long at = (long long) peers[p] * dim + (e - p * dim);
        if (counts[p] > 0.0) {
            const double w = weights[peers[p]];
            const float own = (float) (accumulated[at] / counts[p]);
            const float model = (float) (values[at] / w - rate * own);
            values[at] = (float) (model * w);
        }
        accumulated[at] = 0.0;
    }
}

// The parameter server: its copy (taken from the first member's de-biased model when `initialize` is set) steps,
// (float) (x - rate a), and is broadcast: every member's row becomes the copy, times its weight; over lossy links
// (lossy != 0) a member whose broadcast packet is lost (link count + k for member k) keeps its own de-biased value
// there (Weintraub et al. 2025, Section 5). One thread per column.
extern "C" __global__ void serve_parameters(float* values, const double* weights, float* server, const float* aggregate,
                                            const int* members, int count, int initialize, double rate, const unsigned int* lost,
                                            int words_per_link, int per_packet, int lossy, int dim) {
    for (int col = blockIdx.x * blockDim.x + threadIdx.x; col < dim; col += gridDim.x * blockDim.x) {
        const long long head = (long long) members[0] * dim + col;
        float copy = initialize ? (float) (values[head] / weights[members[0]]) : server[col];
        copy = (float) (copy - rate * aggregate[col]);
        server[col] = copy;
        const int packet = col / per_packet;
        for (int k = 0; k < count; k++) {
            const long long at = (long long) members[k] * dim + col;
            const double w = weights[members[k]];
            const bool stale = lossy && packet_lost(lost, count + k, words_per_link, packet);
            const float replica = stale ? (float) (values[at] / w) : copy;
            values[at] = (float) (replica * w);
        }
    }
}

// Per aggregate a (one thread each): along = <x - g, g>, squared = |x - g|^2 and norm = |g|^2 in float64, j ascending,
// x being row a of `aggregates` and g row exact_rows[a] of `exact`; the host takes the ratios.
extern "C" __global__ void aggregate_errors(const float* aggregates, const double* exact, const int* exact_rows, double* sums,
                                            int count, int dim) {
    for (int a = blockIdx.x * blockDim.x + threadIdx.x; a < count; a += gridDim.x * blockDim.x) {
        const float* x = aggregates + (long long) a * dim;
        const double* g = exact + (long long) exact_rows[a] * dim;
        double along = 0.0;
        double squared = 0.0;
        double norm = 0.0;
        for (int j = 0; j < dim; j++) {
            const double d = x[j] - g[j];
            along = along + d * g[j];
            squared = squared + d * d;
            norm = norm + g[j] * g[j];
        }
        sums[3 * a] = along;
        sums[3 * a + 1] = squared;
        sums[3 * a + 2] = norm;
    }
}
