package org.moshsim.backend.cpu;

import java.util.Arrays;
import org.moshsim.backend.Task;
import org.moshsim.plan.LocalSteps;

/**
 * A {@link Task}'s loss, gradient and accuracy at one parameter row, in float64. Examples go through in blocks of
 * at most {@link #BLOCK} as small dense matrix products whose inner loops run along contiguous rows (so the JIT
 * can vectorize them); each thread keeps its own block buffers, since peers are trained concurrently.
 */
public final class ModelKernels {
    /** Examples per block: buffers stay small and in cache however large the set or batch. */
    private static final int BLOCK = 256;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private ModelKernels() {
    }

    /**
     * Mean loss over {@code examples[from..to)} of the training set at {@code params}, plus the l2 term; sets
     * {@code gradient} (length {@code task.dim()}) to the gradient of that same quantity. Returns the loss.
     */
    public static double lossAndGradient(Task task, double[] params, int[] examples, int from, int to,
                                         double[] gradient) {
        if (to <= from) {
            throw new IllegalArgumentException("empty batch: examples[" + from + ".." + to + ")");
        }
        Workspace ws = WORKSPACE.get().fit(task);
        Arrays.fill(gradient, 0, task.dim(), 0.0);
        double sum = 0;
        for (int start = from; start < to; start += BLOCK) {
            int rows = Math.min(BLOCK, to - start);
            ws.gather(task.trainX(), task.features(), examples, start, rows);
            sum += block(task, params, task.trainY(), examples, start, rows, gradient, ws);
        }
        int n = to - from;
        for (int j = 0; j < task.dim(); j++) {
            gradient[j] = gradient[j] / n + task.l2() * params[j];
        }
        return sum / n + penalty(task, params);
    }

    /**
     * The {@code p}-th stepping peer's steps of a plan on its row {@code block[offset ..]} with push-sum weight w:
     * on the de-biased model in float64, rounded to float32 after every step as the CUDA backend keeps it.
     */
    public static void localSteps(Task task, LocalSteps plan, int p, float[] block, int offset, double w) {
        int dim = task.dim();
        double[] model = new double[dim];
        double[] gradient = new double[dim];
        for (int j = 0; j < dim; j++) {
            model[j] = block[offset + j] / w;
        }
        for (int s = plan.stepOffsets()[p]; s < plan.stepOffsets()[p + 1]; s++) {
            lossAndGradient(task, model, plan.examples(), plan.batchOffsets()[s], plan.batchOffsets()[s + 1], gradient);
            for (int j = 0; j < dim; j++) {
                model[j] = (float) (model[j] - plan.learningRates()[s] * gradient[j]);
            }
        }
        for (int j = 0; j < dim; j++) {
            block[offset + j] = (float) (model[j] * w);
        }
    }

    /**
     * The {@code p}-th peer's steps of an accumulating plan, all at its de-biased model (its row does not change): adds
     * each step's summed gradient (mean gradient, l2 term included, times the batch) into {@code sum}; returns the
     * examples the steps count for, {@code plan.counts()}, an empty batch (all micro-batches dropped) counting too.
     */
    public static double accumulate(Task task, LocalSteps plan, int p, float[] block, int offset, double w, double[] sum) {
        int dim = task.dim();
        double[] model = new double[dim];
        double[] gradient = new double[dim];
        for (int j = 0; j < dim; j++) {
            model[j] = block[offset + j] / w;
        }
        double counted = 0;
        for (int s = plan.stepOffsets()[p]; s < plan.stepOffsets()[p + 1]; s++) {
            int from = plan.batchOffsets()[s];
            int to = plan.batchOffsets()[s + 1];
            counted += plan.counts()[s];
            if (to > from) {
                lossAndGradient(task, model, plan.examples(), from, to, gradient);
                for (int j = 0; j < dim; j++) {
                    sum[j] += (to - from) * gradient[j];
                }
            }
        }
        return counted;
    }

    /** Mean loss, plus the l2 term, over the whole training set ({@code test == false}) or test set. */
    public static double loss(Task task, double[] params, boolean test) {
        Workspace ws = WORKSPACE.get().fit(task);
        float[] xs = test ? task.testX() : task.trainX();
        float[] ys = test ? task.testY() : task.trainY();
        double sum = 0;
        for (int start = 0; start < ys.length; start += BLOCK) {
            int rows = Math.min(BLOCK, ys.length - start);
            ws.gather(xs, task.features(), null, start, rows);
            sum += block(task, params, ys, null, start, rows, null, ws);
        }
        return sum / ys.length + penalty(task, params);
    }

    /**
     * Fraction of the training or test set classified correctly, by the argmax of the logits with ties to the
     * lower class; NaN for least squares, which has no classes.
     */
    public static double accuracy(Task task, double[] params, boolean test) {
        if (task.model() == Task.Model.LEAST_SQUARES) {
            return Double.NaN;
        }
        Workspace ws = WORKSPACE.get().fit(task);
        float[] xs = test ? task.testX() : task.trainX();
        float[] ys = test ? task.testY() : task.trainY();
        int classes = task.classes();
        long correct = 0;
        for (int start = 0; start < ys.length; start += BLOCK) {
            int rows = Math.min(BLOCK, ys.length - start);
            ws.gather(xs, task.features(), null, start, rows);
            forward(task, params, rows, ws);
            for (int i = 0; i < rows; i++) {
                int o = i * classes;
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (ws.z[o + c] > ws.z[o + best]) {
                        best = c;
                    }
                }
                if (best == (int) ys[start + i]) {
                    correct++;
                }
            }
        }
        return (double) correct / ys.length;
    }

    /**
     * Sum of the example losses of the gathered block; with a gradient, adds the sum of their gradients to it
     * (the caller divides by the batch size once, so blocks of one batch combine exactly).
     */
    private static double block(Task task, double[] params, float[] ys, int[] examples, int start, int rows,
                                double[] gradient, Workspace ws) {
        forward(task, params, rows, ws);
        int classes = task.model() == Task.Model.LEAST_SQUARES ? 1 : task.classes();
        double[] z = ws.z;
        double sum = 0;
        for (int i = 0; i < rows; i++) {
            double y = ys[examples == null ? start + i : examples[start + i]];
            int o = i * classes;
            if (task.model() == Task.Model.LEAST_SQUARES) {
                double r = z[o] - y;
                sum += 0.5 * r * r;
                z[o] = r;
                continue;
            }
            // Stable softmax: shift by the largest logit so no exp overflows; loss = logsumexp - z_y.
            double max = z[o];
            for (int c = 1; c < classes; c++) {
                max = Math.max(max, z[o + c]);
            }
            double total = 0;
            for (int c = 0; c < classes; c++) {
                total += Math.exp(z[o + c] - max);
            }
            int label = (int) y;
            sum += max + Math.log(total) - z[o + label];
            if (gradient != null) {
                // dLoss/dlogits = softmax - onehot, written over the logits.
                for (int c = 0; c < classes; c++) {
                    z[o + c] = Math.exp(z[o + c] - max) / total;
                }
                z[o + label] -= 1.0;
            }
        }
        if (gradient != null) {
            backward(task, params, rows, gradient, ws);
        }
        return sum;
    }

    /** Logits of the gathered block into {@code ws.z} (and, for the MLP, the hidden activations into ws.h). */
    private static void forward(Task task, double[] params, int rows, Workspace ws) {
        int f = task.features();
        switch (task.model()) {
            case LEAST_SQUARES -> affine(ws.x, rows, f, params, 0, -1, ws.z, 1);
            case LOGISTIC -> affine(ws.x, rows, f, params, 0, f * task.classes(), ws.z, task.classes());
            case MLP -> {
                int h = task.hidden();
                affine(ws.x, rows, f, params, 0, f * h, ws.h, h);
                for (int k = 0; k < rows * h; k++) {
                    ws.h[k] = Math.tanh(ws.h[k]);
                }
                int w2 = (f + 1) * h;
                affine(ws.h, rows, h, params, w2, w2 + h * task.classes(), ws.z, task.classes());
            }
        }
    }

    /** Adds the block's summed parameter gradient, given dLoss/dlogits in {@code ws.z}. */
    private static void backward(Task task, double[] params, int rows, double[] gradient, Workspace ws) {
        int f = task.features();
        switch (task.model()) {
            case LEAST_SQUARES -> accumulate(ws.x, rows, f, ws.z, 1, gradient, 0, -1);
            case LOGISTIC -> accumulate(ws.x, rows, f, ws.z, task.classes(), gradient, 0, f * task.classes());
            case MLP -> {
                int h = task.hidden();
                int classes = task.classes();
                int w2 = (f + 1) * h;
                accumulate(ws.h, rows, h, ws.z, classes, gradient, w2, w2 + h * classes);
                // dH = dZ W2^T, then through tanh: tanh' = 1 - tanh^2, from the stored activations.
                for (int i = 0; i < rows; i++) {
                    for (int k = 0; k < h; k++) {
                        double s = 0;
                        int wr = w2 + k * classes;
                        for (int c = 0; c < classes; c++) {
                            s += ws.z[i * classes + c] * params[wr + c];
                        }
                        double a = ws.h[i * h + k];
                        ws.dh[i * h + k] = s * (1.0 - a * a);
                    }
                }
                accumulate(ws.x, rows, f, ws.dh, h, gradient, 0, f * h);
            }
        }
    }

    /**
     * {@code out[i][c] = b[c] + sum_k a[i][k] w[k][c]} with w (and b, unless biasAt < 0) inside params; loop
     * order i, k, c so the inner loop runs along contiguous rows of w and out.
     */
    private static void affine(double[] a, int rows, int inner, double[] params, int wAt, int biasAt, double[] out,
                               int cols) {
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            if (biasAt >= 0) {
                System.arraycopy(params, biasAt, out, o, cols);
            } else {
                Arrays.fill(out, o, o + cols, 0.0);
            }
            for (int k = 0; k < inner; k++) {
                double v = a[i * inner + k];
                int wr = wAt + k * cols;
                for (int c = 0; c < cols; c++) {
                    out[o + c] += v * params[wr + c];
                }
            }
        }
    }

    /** {@code g[w] += a^T d} and, unless biasAt < 0, {@code g[b] += column sums of d}: affine's backward pass. */
    private static void accumulate(double[] a, int rows, int inner, double[] d, int cols, double[] g, int wAt,
                                   int biasAt) {
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            for (int k = 0; k < inner; k++) {
                double v = a[i * inner + k];
                int wr = wAt + k * cols;
                for (int c = 0; c < cols; c++) {
                    g[wr + c] += v * d[o + c];
                }
            }
            if (biasAt >= 0) {
                for (int c = 0; c < cols; c++) {
                    g[biasAt + c] += d[o + c];
                }
            }
        }
    }

    /** {@code l2 / 2 * ||params||^2}. */
    private static double penalty(Task task, double[] params) {
        if (task.l2() == 0) {
            return 0;
        }
        double s = 0;
        for (int j = 0; j < task.dim(); j++) {
            s += params[j] * params[j];
        }
        return 0.5 * task.l2() * s;
    }

    /** One thread's block buffers, grown to the largest task it has seen. */
    private static final class Workspace {
        double[] x = new double[0];
        double[] z = new double[0];
        double[] h = new double[0];
        double[] dh = new double[0];

        Workspace fit(Task task) {
            int outputs = Math.max(1, task.classes());
            int hidden = task.model() == Task.Model.MLP ? task.hidden() : 0;
            if (x.length < BLOCK * task.features()) {
                x = new double[BLOCK * task.features()];
            }
            if (z.length < BLOCK * outputs) {
                z = new double[BLOCK * outputs];
            }
            if (h.length < BLOCK * hidden) {
                h = new double[BLOCK * hidden];
                dh = new double[BLOCK * hidden];
            }
            return this;
        }

        /** Copies the block's feature rows (examples[start + i], or start + i when examples is null) as doubles. */
        void gather(float[] xs, int features, int[] examples, int start, int rows) {
            for (int i = 0; i < rows; i++) {
                int row = examples == null ? start + i : examples[start + i];
                int from = row * features;
                for (int k = 0; k < features; k++) {
                    x[i * features + k] = xs[from + k];
                }
            }
        }
    }
}
