// Local SGD steps and evaluation of a Task (parameter layouts: org.moshsim.backend.Task), in float64 and in the
// CPU's order (ModelKernels): every sum runs over the same terms in the same order, built without fused
// multiply-adds, so the backends differ only where CUDA's exp, log and tanh round differently from Java's.
#include "block_sum.cuh"

#define LEAST_SQUARES 0
#define LOGISTIC 1
#define MLP 2

// One output unit of an affine layer: bias[c] (0 without a bias) + sum_k a[k] w[k][c], k ascending.
template <typename T>
__device__ __forceinline__ double affine_unit(const T* a, int inner, const double* w, const double* bias, int cols, int c) {
    double s = bias == nullptr ? 0.0 : bias[c];
    for (int k = 0; k < inner; k++) {
        s = s + (double) a[k] * w[k * cols + c];
    }
    return s;
}

// One example's loss from its logits; with gradient, the logits become dLoss/dlogits. Least squares:
// (z - y)^2 / 2. Classifiers: softmax cross-entropy, shifted by the largest logit so no exp overflows.
__device__ double example_loss(double* z, int kind, int classes, float y, bool gradient) {
    if (kind == LEAST_SQUARES) {
        const double r = z[0] - (double) y;
        if (gradient) {
            z[0] = r;
        }
        return 0.5 * r * r;
    }
    double max = z[0];
    for (int c = 1; c < classes; c++) {
        max = fmax(max, z[c]);
    }
    double total = 0.0;
    for (int c = 0; c < classes; c++) {
        total = total + exp(z[c] - max);
    }
    const int label = (int) y;
    const double loss = max + log(total) - z[label];
    if (gradient) {
        for (int c = 0; c < classes; c++) {
            z[c] = exp(z[c] - max) / total;
        }
        z[label] = z[label] - 1.0;
    }
    return loss;
}

// The batch's summed gradient of one parameter of an affine layer with inputs a (row i at a + rows[i] * inner,
// or a + i * inner without rows) and output gradients d: weight (k, c) gets sum_i a[i][k] d[i][c], bias c
// (the parameters after the weights) sum_i d[i][c]; i ascending, as ModelKernels.accumulate.
template <typename T>
__device__ __forceinline__ double layer_gradient(int j, const T* a, const int* rows, int inner, const double* d, int cols, int n) {
    double s = 0.0;
    if (j < inner * cols) {
        const int k = j / cols;
        const int c = j - k * cols;
        for (int i = 0; i < n; i++) {
            const long long row = rows == nullptr ? i : rows[i];
            s = s + (double) a[row * inner + k] * d[i * cols + c];
        }
    } else {
        const int c = j - inner * cols;
        for (int i = 0; i < n; i++) {
            s = s + d[i * cols + c];
        }
    }
    return s;
}

// One batch's backward pass at the block's model, up to the output gradients: the first layer's outputs (the MLP's
// hidden activations in h, else the logits in z), the MLP's logits, dLoss/dlogits over the logits and the MLP's hidden
// gradients in dh. Phases are separated by barriers, the last one included, so every thread then reads them all.
__device__ void batch_backward(const double* model, const int* batch, int n, const float* trainX, const float* trainY, int kind,
                               int features, int hidden, int classes, double* h, double* z, double* dh) {
    const int outputs = kind == LEAST_SQUARES ? 1 : classes;
    const int w2 = (features + 1) * hidden;
    const int firstCols = kind == MLP ? hidden : outputs;
    for (int t = threadIdx.x; t < n * firstCols; t += blockDim.x) {
        const int i = t / firstCols;
        const int c = t - i * firstCols;
        const float* x = trainX + (long long) batch[i] * features;
        if (kind == MLP) {
            h[i * hidden + c] = tanh(affine_unit(x, features, model, model + features * hidden, hidden, c));
        } else {
            z[i * outputs + c] = affine_unit(x, features, model, kind == LOGISTIC ? model + features * classes : nullptr, outputs, c);
        }
    }
    __syncthreads();
    if (kind == MLP) {
        for (int t = threadIdx.x; t < n * classes; t += blockDim.x) {
            const int i = t / classes;
            const int c = t - i * classes;
            z[i * classes + c] = affine_unit(h + i * hidden, hidden, model + w2, model + w2 + hidden * classes, classes, c);
        }
        __syncthreads();
    }
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        example_loss(z + i * outputs, kind, classes, trainY[batch[i]], true);
    }
    __syncthreads();
    if (kind == MLP) {
        // dH = dZ W2^T through tanh' = 1 - tanh^2, from the stored activations.
        for (int t = threadIdx.x; t < n * hidden; t += blockDim.x) {
            const int i = t / hidden;
            const int m = t - i * hidden;
            double sum = 0.0;
            for (int c = 0; c < classes; c++) {
                sum = sum + z[i * classes + c] * model[w2 + m * classes + c];
            }
            const double a = h[i * hidden + m];
            dh[i * hidden + m] = sum * (1.0 - a * a);
        }
        __syncthreads();
    }
}

// Parameter j's gradient of the batch's mean loss plus the l2 term, from batch_backward's activations: the summed
// gradient over n, plus l2 times the parameter (ModelKernels.lossAndGradient).
__device__ __forceinline__ double mean_gradient(int j, const double* model, const int* batch, int n, const float* trainX, int kind,
                                                int features, int hidden, int classes, double l2, const double* h, const double* z,
                                                const double* dh) {
    const int outputs = kind == LEAST_SQUARES ? 1 : classes;
    const int w2 = (features + 1) * hidden;
    double g;
    if (kind != MLP) {
        g = layer_gradient(j, trainX, batch, features, z, outputs, n);
    } else if (j < w2) {
        g = layer_gradient(j, trainX, batch, features, dh, hidden, n);
    } else {
        g = layer_gradient(j - w2, h, (const int*) nullptr, hidden, z, classes, n);
    }
    return g / n + l2 * model[j];
}

// A LocalSteps plan: block p runs peer peers[p]'s steps in order on its own float64 copy of the de-biased row
// (rounded to float32 after every step, as the CPU keeps it) in its slot of workspace: the model, then the
// batch's hidden activations, logits (then their gradients) and hidden gradients. Each thread owns its parameters in
// the update: the gradients read only the batch's activations, never the model.
extern "C" __global__ void local_steps(float* values, const double* weights, const int* peers, const int* stepOffsets,
                                       const int* batchOffsets, const int* examples, const double* learningRates, const float* trainX,
                                       const float* trainY, int kind, int features, int hidden, int classes, double l2, int dim,
                                       int maxBatch, double* workspace) {
    const int outputs = kind == LEAST_SQUARES ? 1 : classes;
    const int width = kind == MLP ? hidden : 0;
    const long long slot = dim + (long long) maxBatch * (2 * width + outputs);
    double* model = workspace + blockIdx.x * slot;
    double* h = model + dim;
    double* z = h + maxBatch * width;
    double* dh = z + maxBatch * outputs;
    const int peer = peers[blockIdx.x];
    float* row = values + (long long) peer * dim;
    const double weight = weights[peer];

    for (int j = threadIdx.x; j < dim; j += blockDim.x) {
        model[j] = row[j] / weight;
    }
    __syncthreads();
    for (int s = stepOffsets[blockIdx.x]; s < stepOffsets[blockIdx.x + 1]; s++) {
        const int* batch = examples + batchOffsets[s];
        const int n = batchOffsets[s + 1] - batchOffsets[s];
        batch_backward(model, batch, n, trainX, trainY, kind, features, hidden, classes, h, z, dh);
        for (int j = threadIdx.x; j < dim; j += blockDim.x) {
            const double g = mean_gradient(j, model, batch, n, trainX, kind, features, hidden, classes, l2, h, z, dh);
            model[j] = (double) (float) (model[j] - learningRates[s] * g);
        }
        __syncthreads();
    }
    for (int j = threadIdx.x; j < dim; j += blockDim.x) {
        row[j] = (float) (model[j] * weight);
    }
}

// A LocalSteps plan in accumulate mode (ModelKernels.accumulate): block p runs peer peers[p]'s steps, all at its
// de-biased model (its row does not change), adding each step's summed gradient, n times the mean gradient with its
// l2 term, to the peer's float64 accumulator; an empty batch (every micro-batch dropped) adds nothing. The examples
// the steps count for are the host's to add up. Workspace slots as in local_steps.
extern "C" __global__ void accumulate_gradients(const float* values, const double* weights, const int* peers, const int* stepOffsets,
                                                const int* batchOffsets, const int* examples, const float* trainX, const float* trainY,
                                                int kind, int features, int hidden, int classes, double l2, int dim, int maxBatch,
                                                double* workspace, double* accumulated) {
    const int outputs = kind == LEAST_SQUARES ? 1 : classes;
    const int width = kind == MLP ? hidden : 0;
    const long long slot = dim + (long long) maxBatch * (2 * width + outputs);
    double* model = workspace + blockIdx.x * slot;
    double* h = model + dim;
    double* z = h + maxBatch * width;
    double* dh = z + maxBatch * outputs;
    const int peer = peers[blockIdx.x];
    const float* row = values + (long long) peer * dim;
    double* sum = accumulated + (long long) peer * dim;
    const double weight = weights[peer];

    for (int j = threadIdx.x; j < dim; j += blockDim.x) {
        model[j] = row[j] / weight;
    }
    __syncthreads();
    for (int s = stepOffsets[blockIdx.x]; s < stepOffsets[blockIdx.x + 1]; s++) {
        const int* batch = examples + batchOffsets[s];
        const int n = batchOffsets[s + 1] - batchOffsets[s];
        if (n == 0) {
            continue;  // the same for every thread of the block
        }
        batch_backward(model, batch, n, trainX, trainY, kind, features, hidden, classes, h, z, dh);
        for (int j = threadIdx.x; j < dim; j += blockDim.x) {
            const double g = mean_gradient(j, model, batch, n, trainX, kind, features, hidden, classes, l2, h, z, dh);
            sum[j] = sum[j] + (double) n * g;
        }
        __syncthreads();
    }
}

// Per block (REDUCE_THREADS threads): the summed loss (partials[b]) and the number of examples whose largest
// logit, ties to the lower class, is the label (partials[gridDim.x + b]), over its share of the examples, at one
// float64 model. A thread takes whole examples; scratch holds each thread's hidden units and logits.
extern "C" __global__ void evaluate_partials(const double* model, const float* xs, const float* ys, int rows, int kind,
                                             int features, int hidden, int classes, double* scratch, double* partials) {
    const int outputs = kind == LEAST_SQUARES ? 1 : classes;
    const int width = kind == MLP ? hidden : 0;
    const long long thread = blockIdx.x * (long long) blockDim.x + threadIdx.x;
    double* h = scratch + thread * (width + outputs);
    double* z = h + width;
    const int w2 = (features + 1) * hidden;
    double loss = 0.0;
    double correct = 0.0;
    for (long long e = thread; e < rows; e += (long long) gridDim.x * blockDim.x) {
        const float* x = xs + e * features;
        if (kind == MLP) {
            for (int m = 0; m < hidden; m++) {
                h[m] = tanh(affine_unit(x, features, model, model + features * hidden, hidden, m));
            }
            for (int c = 0; c < classes; c++) {
                z[c] = affine_unit(h, hidden, model + w2, model + w2 + hidden * classes, classes, c);
            }
        } else {
            for (int c = 0; c < outputs; c++) {
                z[c] = affine_unit(x, features, model, kind == LOGISTIC ? model + features * classes : nullptr, outputs, c);
            }
        }
        int best = 0;
        for (int c = 1; c < outputs; c++) {
            if (z[c] > z[best]) {
                best = c;
            }
        }
        if (best == (int) ys[e]) {
            correct = correct + 1.0;
        }
        loss = loss + example_loss(z, kind, classes, ys[e], false);
    }
    const double lossSum = block_sum(loss);
    const double correctSum = block_sum(correct);
    if (threadIdx.x == 0) {
        partials[blockIdx.x] = lossSum;
        partials[gridDim.x + blockIdx.x] = correctSum;
    }
}
