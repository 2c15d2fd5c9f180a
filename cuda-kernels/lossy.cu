// Plans over lossy links without retransmission (zero-fill, received-only; see GroupAveraging, SparseMixing and
// GradientExchange, and the CPU's backend/cpu/LossyPlans.java and lossy/LossyAggregation.java, whose arithmetic these
// kernels repeat). Which packets each link loses is
// decided on the host by the CPU's own link streams and packed into `lost`: bit p of link L is bit (p & 31) of
// lost[L * words_per_link + (p >> 5)]. A column belongs to packet col / per_packet. Sums run in float64 in the exact
// plans' order, skipping what was lost (--fmad=false: no fused multiply-adds), so both backends give the same bits.
#include "average_weights.cuh"
#include "packets.cuh"

// GroupAveraging: every member computes its group's mean of what reached it. blockIdx.x is a member slot (an index
// into members), blockIdx.y a tile of columns; the mean goes to the member's row of `out` (a second matrix), so that
// no member reads a row another has already replaced. Link (receiver slot i, sender slot k) of group g is
// group_base[g] + i n + k. The first row that arrives is assigned, not added to 0 (as on the CPU: -0.0 stays -0.0).
extern "C" __global__ void lossy_group_average(float* out, const int* offsets, const int* members, const int* group_of,
                                               const long long* group_base, const unsigned int* lost, int words_per_link,
                                               int per_packet, int zero_fill, const float* source, int dim) {
    const int slot = blockIdx.x;
    const int g = group_of[slot];
    const int first = offsets[g];
    const int last = offsets[g + 1];
    const int n = last - first;
    const int receiver = members[slot];
    const long long links = group_base[g] + (long long) (slot - first) * n - first;
    for (int col = blockIdx.y * blockDim.x + threadIdx.x; col < dim; col += gridDim.y * blockDim.x) {
        const int packet = col / per_packet;
        double sum = 0.0;
        int arrived = 0;
        for (int k = first; k < last; k++) {
            const int sender = members[k];
            if (sender != receiver && packet_lost(lost, links + k, words_per_link, packet)) {
                continue;
            }
            const double x = source[(long long) sender * dim + col];
            sum = arrived == 0 ? x : sum + x;
            arrived++;
        }
        // The own row always arrives, so arrived >= 1.
        const double divisor = zero_fill ? (double) n : (double) arrived;
        out[(long long) receiver * dim + col] = (float) (sum / divisor);
    }
}

// Then, once every mean is computed: blockIdx.x is a group, whose members' rows are copied from `out` into `values`
// and whose push-sum weights are averaged exactly (they ride with the group's handshake, not over lossy links).
extern "C" __global__ void lossy_group_commit(float* values, double* weights, const int* offsets, const int* members,
                                              const float* out, int dim) {
    const int first = offsets[blockIdx.x];
    const int last = offsets[blockIdx.x + 1];
    for (int k = first; k < last; k++) {
        const long long row = (long long) members[k] * dim;
        for (int col = blockIdx.y * blockDim.x + threadIdx.x; col < dim; col += gridDim.y * blockDim.x) {
            values[row + col] = out[row + col];
        }
    }
    if (blockIdx.y == 0 && threadIdx.x == 0) {
        average_weights(weights, members, first, last);
    }
}

// SparseMixing: row r (blockIdx.x) gets the weighted sum of what reached it, into row r of `scratch` (mixing.cu's
// scatter_rows then copies it over the peer's row). Link k is CSR entry k. Every source but the row's own peer is read
// from `sent` (the matrix, or the decoded rows); the own peer from `values`. mass sums coef x weight of what arrived,
// total of every entry: received-only rescales by total / mass (1 where they are equal, as without losses) and keeps
// the old value where nothing of any weight arrived; zero-fill keeps the sum as it is.
extern "C" __global__ void lossy_mix_rows(const float* values, const double* weights, const int* offsets,
                                          const int* sources, const double* coef, float* scratch, double* scratch_weights,
                                          const int* rows, const float* sent, const unsigned int* lost, int words_per_link,
                                          int per_packet, int zero_fill, int dim) {
    const int first = offsets[blockIdx.x];
    const int last = offsets[blockIdx.x + 1];
    const int receiver = rows[blockIdx.x];
    for (int col = blockIdx.y * blockDim.x + threadIdx.x; col < dim; col += gridDim.y * blockDim.x) {
        const int packet = col / per_packet;
        double sum = 0.0;
        double mass = 0.0;
        double total = 0.0;
        for (int k = first; k < last; k++) {
            const int sender = sources[k];
            const bool own = sender == receiver;
            const double c = coef[k];
            const double m = c * weights[sender];
            total = total + m;
            if (!own && packet_lost(lost, (long long) k, words_per_link, packet)) {
                continue;
            }
            const float* from = own ? values : sent;
            sum = sum + c * (double) from[(long long) sender * dim + col];
            mass = mass + m;
        }
        float value;
        if (!zero_fill && mass == 0.0) {
            value = values[(long long) receiver * dim + col];
        } else {
            const double scale = zero_fill || mass == total ? 1.0 : total / mass;
            value = (float) (scale == 1.0 ? sum : sum * scale);
        }
        scratch[(long long) blockIdx.x * dim + col] = value;
    }
    if (blockIdx.y == 0 && threadIdx.x == 0) {
        double sum = 0.0;
        for (int k = first; k < last; k++) {
            sum = sum + coef[k] * weights[sources[k]];
        }
        scratch_weights[blockIdx.x] = sum;
    }
}

// GradientExchange: every receiver aggregates the rows that reached it (lossy/LossyAggregation, one pass). Peers:
// blockIdx.x is a receiving slot of `rows` (the active groups' members, in CSR form), whose aggregate goes to row slot
// of `out`; link (receiver slot i, sender slot k) of group g is group_base[g] + i n + k, and the receiver's own row is
// local. A parameter server (server != 0): blockIdx.x is the group (there is one), every member's row crosses link k
// (its slot) to the server, and the aggregate goes to row g of `out`. Sums run from 0.0 in member order (as
// LossyAggregation's; -0.0 becomes +0.0). Received-only divides by what arrived, and where nothing did (only at a
// server) gives 0; zero-fill divides by the group's size.
extern "C" __global__ void lossy_gradients(const float* rows, const int* offsets, const int* group_of, const long long* group_base,
                                           const unsigned int* lost, int words_per_link, int per_packet, int zero_fill,
                                           int server, float* out, int dim) {
    const int g = server ? blockIdx.x : group_of[blockIdx.x];
    const int first = offsets[g];
    const int last = offsets[g + 1];
    const int n = last - first;
    const int own = server ? -1 : (int) blockIdx.x;
    const long long links = server ? -first : group_base[g] + (long long) (own - first) * n - first;
    for (int col = blockIdx.y * blockDim.x + threadIdx.x; col < dim; col += gridDim.y * blockDim.x) {
        const int packet = col / per_packet;
        double sum = 0.0;
        int arrived = 0;
        for (int k = first; k < last; k++) {
            if (k != own && packet_lost(lost, links + k, words_per_link, packet)) {
                continue;
            }
            sum = sum + rows[(long long) k * dim + col];
            arrived++;
        }
        const double value = zero_fill ? sum / n : arrived > 0 ? sum / arrived : 0.0;
        out[(long long) blockIdx.x * dim + col] = (float) value;
    }
}
