package org.moshsim.backend.cpu;

import java.util.Arrays;
import org.moshsim.backend.Task;
import org.moshsim.plan.LocalSteps;

/**
 * A {@link Task}'s loss, gradient and accuracy at one parameter row, in float64. Examples go through in blocks of
 * at most {@link #BLOCK} as small dense matrix products ({@link Products}: the Java Vector API where the JVM has
 * it, plain loops otherwise, the same bits either way); each thread keeps its own block buffers, since peers are
 * trained concurrently. Evaluations over a whole set can run their blocks in parallel: block sums are combined in
 * block order, so the result is the sequential one.
 */
final class ModelKernels {
    /** Examples per block: buffers stay small and in cache however large the set or batch. */
    private static final int BLOCK = 256;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /** The products the kernels run on: scalar loops, then the Vector API's once C2 has compiled them. */
    private static volatile Products products = Products.fastest(faster -> ModelKernels.products = faster);

    private ModelKernels() {
    }

    /**
     * Mean loss over {@code examples[from..to)} of the training set at {@code params}, plus the l2 term; sets
     * {@code gradient} (length {@code task.dim()}) to the gradient of that same quantity. Returns the loss.
     */
    static double lossAndGradient(Task task, double[] params, int[] examples, int from, int to,
                                         double[] gradient) {
        if (to <= from) {
            throw new IllegalArgumentException("empty batch: examples[" + from + ".." + to + ")");
        }
        Workspace ws = WORKSPACE.get().fit(task);
        Arrays.fill(gradient, 0, task.dim(), 0.0);
        double sum = 0;
        for (int start = from; start < to; start += BLOCK) {
            int rows = Math.min(BLOCK, to - start);
            ws.gather(task.trainX(), task.features(), examples, start, rows, true);
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
     * on the de-biased model in float64, rounded to float32 after every step as the CUDA backend keeps it; the plan's
     * optimizer advances the peer's state in {@code states}.
     */
    static void localSteps(Task task, LocalSteps plan, int p, float[] block, int offset, double w, OptimizerStates states) {
        int dim = task.dim();
        double[] model = new double[dim];
        double[] gradient = new double[dim];
        double[] scratch = plan.optimizer().stateRows() > 0 ? new double[dim] : null; // plain SGD steps along the gradient
        for (int j = 0; j < dim; j++) {
            model[j] = block[offset + j] / w;
        }
        int peer = plan.peers()[p];
        for (int s = plan.stepOffsets()[p]; s < plan.stepOffsets()[p + 1]; s++) {
            lossAndGradient(task, model, plan.examples(), plan.batchOffsets()[s], plan.batchOffsets()[s + 1], gradient);
            double[] direction = states.direction(plan.optimizer(), peer, task, model, gradient, scratch);
            for (int j = 0; j < dim; j++) {
                model[j] = (float) (model[j] - plan.learningRates()[s] * direction[j]);
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
    static double accumulate(Task task, LocalSteps plan, int p, float[] block, int offset, double w, double[] sum) {
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
    static double loss(Task task, double[] params, boolean test) {
        return loss(task, params, test, ModelKernels::inOrder);
    }

    /**
     * {@link #loss(Task, double[], boolean)} with its blocks of examples run as {@code tasks}: each block's sum
     * is added to the total in block order, so the result does not depend on how the tasks are run.
     */
    static double loss(Task task, double[] params, boolean test, LossyPlans.Tasks tasks) {
        int examples = test ? task.testRows() : task.trainRows();
        double[] sums = new double[blocks(examples)];
        tasks.run(sums.length, b -> sums[b] = blockLoss(task, params, test, b));
        double sum = 0;
        for (double s : sums) {
            sum += s;
        }
        return sum / examples + penalty(task, params);
    }

    /**
     * Fraction of the training or test set classified correctly, by the argmax of the logits with ties to the
     * lower class; NaN for least squares, which has no classes.
     */
    static double accuracy(Task task, double[] params, boolean test) {
        return accuracy(task, params, test, ModelKernels::inOrder);
    }

    /** {@link #accuracy(Task, double[], boolean)} with its blocks of examples run as {@code tasks}. */
    static double accuracy(Task task, double[] params, boolean test, LossyPlans.Tasks tasks) {
        if (task.model() == Task.Model.LEAST_SQUARES) {
            return Double.NaN;
        }
        int examples = test ? task.testRows() : task.trainRows();
        long[] correct = new long[blocks(examples)];
        tasks.run(correct.length, b -> correct[b] = blockCorrect(task, params, test, b));
        long total = 0;
        for (long c : correct) {
            total += c;
        }
        return (double) total / examples;
    }

    private static void inOrder(int count, java.util.function.IntConsumer task) {
        for (int b = 0; b < count; b++) {
            task.accept(b);
        }
    }

    private static int blocks(int examples) {
        return (examples + BLOCK - 1) / BLOCK;
    }

    /** Summed example losses of examples [b BLOCK, (b + 1) BLOCK) of a set, without the l2 term. */
    private static double blockLoss(Task task, double[] params, boolean test, int b) {
        Workspace ws = WORKSPACE.get().fit(task);
        float[] ys = test ? task.testY() : task.trainY();
        int start = b * BLOCK;
        int rows = Math.min(BLOCK, ys.length - start);
        ws.gather(test ? task.testX() : task.trainX(), task.features(), null, start, rows, false);
        return block(task, params, ys, null, start, rows, null, ws);
    }

    /** Examples of block b of a set whose largest logit (ties to the lower class) is their label. */
    private static long blockCorrect(Task task, double[] params, boolean test, int b) {
        Workspace ws = WORKSPACE.get().fit(task);
        float[] ys = test ? task.testY() : task.trainY();
        int start = b * BLOCK;
        int rows = Math.min(BLOCK, ys.length - start);
        ws.gather(test ? task.testX() : task.trainX(), task.features(), null, start, rows, false);
        forward(task, params, rows, ws);
        int s = ws.stride;
        long correct = 0;
        for (int i = 0; i < rows; i++) {
            int best = 0;
            for (int c = 1; c < task.classes(); c++) {
                if (ws.zT[c * s + i] > ws.zT[best * s + i]) {
                    best = c;
                }
            }
            if (best == (int) ys[start + i]) {
                correct++;
            }
        }
        return correct;
    }

    /**
     * Sum of the example losses of the gathered block; with a gradient, adds the sum of their gradients to it
     * (the caller divides by the batch size once, so blocks of one batch combine exactly).
     */
    private static double block(Task task, double[] params, float[] ys, int[] examples, int start, int rows,
                                double[] gradient, Workspace ws) {
        forward(task, params, rows, ws);
        int classes = task.classes();
        int s = ws.stride;
        double[] z = ws.zT;
        double sum = 0;
        for (int i = 0; i < rows; i++) {
            double y = ys[examples == null ? start + i : examples[start + i]];
            if (task.model() == Task.Model.LEAST_SQUARES) {
                double r = z[i] - y;
                sum += 0.5 * r * r;
                z[i] = r;
                continue;
            }
            // Stable softmax: shift by the largest logit so no exp overflows; loss = logsumexp - z_y.
            double max = z[i];
            for (int c = 1; c < classes; c++) {
                max = Math.max(max, z[c * s + i]);
            }
            int label = (int) y;
            double labelLogit = z[label * s + i];
            double total = 0;
            for (int c = 0; c < classes; c++) {
                double e = Math.exp(z[c * s + i] - max);
                total += e;
                if (gradient != null) {
                    z[c * s + i] = e;
                }
            }
            sum += max + Math.log(total) - labelLogit;
            if (gradient != null) {
                // dLoss/dlogits = softmax - onehot, written over the logits (each exp computed once).
                for (int c = 0; c < classes; c++) {
                    z[c * s + i] /= total;
                }
                z[label * s + i] -= 1.0;
            }
        }
        if (gradient != null) {
            backward(task, params, rows, gradient, ws);
        }
        return sum;
    }

    /** Logits of the gathered block into {@code ws.zT} (and, for the MLP, the hidden activations into ws.hT). */
    private static void forward(Task task, double[] params, int rows, Workspace ws) {
        int f = task.features();
        int s = ws.stride;
        switch (task.model()) {
            case LEAST_SQUARES -> ws.products.affine(ws.xT, s, rows, f, params, 0, -1, ws.zT, 1);
            case LOGISTIC -> ws.products.affine(ws.xT, s, rows, f, params, 0, f * task.classes(), ws.zT, task.classes());
            case MLP -> {
                int h = task.hidden();
                ws.products.affine(ws.xT, s, rows, f, params, 0, f * h, ws.hT, h);
                for (int m = 0; m < h; m++) {
                    for (int i = 0; i < rows; i++) {
                        ws.hT[m * s + i] = Math.tanh(ws.hT[m * s + i]);
                    }
                }
                int w2 = (f + 1) * h;
                ws.products.affine(ws.hT, s, rows, h, params, w2, w2 + h * task.classes(), ws.zT, task.classes());
            }
        }
    }

    /** Adds the block's summed parameter gradient, given dLoss/dlogits in {@code ws.zT}. */
    private static void backward(Task task, double[] params, int rows, double[] gradient, Workspace ws) {
        int f = task.features();
        int s = ws.stride;
        switch (task.model()) {
            case LEAST_SQUARES -> ws.products.accumulate(ws.x, rows, f, ws.zT, s, 1, gradient, 0, -1);
            case LOGISTIC -> ws.products.accumulate(ws.x, rows, f, ws.zT, s, task.classes(), gradient, 0, f * task.classes());
            case MLP -> {
                int h = task.hidden();
                int classes = task.classes();
                int w2 = (f + 1) * h;
                for (int i = 0; i < rows; i++) {
                    for (int m = 0; m < h; m++) {
                        ws.h[i * h + m] = ws.hT[m * s + i];
                    }
                }
                ws.products.accumulate(ws.h, rows, h, ws.zT, s, classes, gradient, w2, w2 + h * classes);
                ws.products.hiddenGradient(ws.zT, ws.hT, s, rows, h, classes, params, w2, ws.dhT);
                ws.products.accumulate(ws.x, rows, f, ws.dhT, s, h, gradient, 0, f * h);
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

    /**
     * One thread's block buffers, grown to the largest task it has seen: the block's features example-major (x,
     * for the gradient) and example-minor (xT), the hidden activations both ways, the logits and the hidden
     * gradients example-minor, every example-minor row {@code stride} long.
     */
    private static final class Workspace {
        double[] x = new double[0];
        double[] xT = new double[0];
        double[] zT = new double[0];
        double[] hT = new double[0];
        double[] h = new double[0];
        double[] dhT = new double[0];
        /** The products this block runs on (they may change between blocks, never within one) and its stride. */
        Products products;
        int stride;
        /** Where the examples of the current eight-example run start in the feature array. */
        private final int[] from = new int[8];

        Workspace fit(Task task) {
            int outputs = Math.max(1, task.classes());
            int hidden = task.model() == Task.Model.MLP ? task.hidden() : 0;
            if (x.length < BLOCK * task.features()) {
                x = new double[BLOCK * task.features()];
                xT = new double[BLOCK * task.features()];
            }
            if (zT.length < BLOCK * outputs) {
                zT = new double[BLOCK * outputs];
            }
            if (h.length < BLOCK * hidden) {
                hT = new double[BLOCK * hidden];
                h = new double[BLOCK * hidden];
                dhT = new double[BLOCK * hidden];
            }
            return this;
        }

        /**
         * Copies the block's feature rows (examples[start + i], or start + i when examples is null) as doubles into
         * xT and, for a gradient, x; the block's stride is its rows rounded up to the products' lanes. xT is written
         * eight examples at a time, so that each of its cache lines is filled at once.
         */
        void gather(float[] xs, int features, int[] examples, int start, int rows, boolean gradient) {
            products = ModelKernels.products;
            int lanes = products.lanes();
            stride = (rows + lanes - 1) / lanes * lanes;
            for (int i = 0; i < rows; i++) {
                from[i & 7] = (examples == null ? start + i : examples[start + i]) * features;
                if (gradient) {
                    for (int k = 0; k < features; k++) {
                        x[i * features + k] = xs[from[i & 7] + k];
                    }
                }
                if ((i & 7) == 7 || i == rows - 1) {
                    int first = i & ~7;
                    int count = i - first + 1;
                    for (int k = 0; k < features; k++) {
                        int o = k * stride + first;
                        for (int j = 0; j < count; j++) {
                            xT[o + j] = xs[from[j] + k];
                        }
                    }
                }
            }
        }
    }
}
