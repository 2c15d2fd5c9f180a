package org.moshsim.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.moshsim.backend.Task.Model;
import org.moshsim.backend.Task;

/** The model kernels against finite differences, a direct per-example computation, and closed-form cases. */
class ModelKernelsTest {
    private static final int FEATURES = 7;
    private static final int HIDDEN = 5;
    private static final int CLASSES = 3;

    /** Random features in [-1, 1); class labels for the classifiers, real targets for least squares. */
    private static Task randomTask(Model model, double l2, int trainRows, int testRows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] trainX = new float[trainRows * FEATURES];
        float[] trainY = new float[trainRows];
        float[] testX = new float[testRows * FEATURES];
        float[] testY = new float[testRows];
        for (float[] xs : new float[][] {trainX, testX}) {
            for (int k = 0; k < xs.length; k++) {
                xs[k] = (float) rng.nextDouble(-1, 1);
            }
        }
        for (float[] ys : new float[][] {trainY, testY}) {
            for (int i = 0; i < ys.length; i++) {
                ys[i] = model == Model.LEAST_SQUARES ? (float) rng.nextDouble(-2, 2) : rng.nextInt(CLASSES);
            }
        }
        return new Task(model, FEATURES, HIDDEN, CLASSES, l2, trainX, trainY, testX, testY);
    }

    private static double[] randomParams(Task task, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return rng.doubles(task.dim(), -1, 1).toArray();
    }

    /** The loss over a whole set, written out example by example. */
    private static double directLoss(Task t, double[] p, boolean test) {
        float[] ys = test ? t.testY() : t.trainY();
        return directLoss(t, p, test ? t.testX() : t.trainX(), ys, IntStream.range(0, ys.length).toArray());
    }

    /** The loss over the given rows, written out example by example straight from Task's layout description. */
    private static double directLoss(Task t, double[] p, float[] xs, float[] ys, int[] rows) {
        int f = t.features();
        int h = t.hidden();
        int c = t.classes();
        double sum = 0;
        for (int i : rows) {
            double[] logits = new double[c];
            if (t.model() == Model.LEAST_SQUARES) {
                double pred = 0;
                for (int k = 0; k < f; k++) {
                    pred += xs[i * f + k] * p[k];
                }
                sum += 0.5 * (pred - ys[i]) * (pred - ys[i]);
                continue;
            } else if (t.model() == Model.LOGISTIC) {
                for (int j = 0; j < c; j++) {
                    logits[j] = p[f * c + j];
                    for (int k = 0; k < f; k++) {
                        logits[j] += xs[i * f + k] * p[k * c + j];
                    }
                }
            } else {
                int w2 = (f + 1) * h;
                for (int j = 0; j < c; j++) {
                    logits[j] = p[w2 + h * c + j];
                }
                for (int u = 0; u < h; u++) {
                    double a = p[f * h + u];
                    for (int k = 0; k < f; k++) {
                        a += xs[i * f + k] * p[k * h + u];
                    }
                    for (int j = 0; j < c; j++) {
                        logits[j] += Math.tanh(a) * p[w2 + u * c + j];
                    }
                }
            }
            double total = 0;
            for (double z : logits) {
                total += Math.exp(z);
            }
            sum += Math.log(total) - logits[(int) ys[i]];
        }
        double norm = 0;
        for (double v : p) {
            norm += v * v;
        }
        return sum / rows.length + t.l2() / 2 * norm;
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void gradientMatchesCentralDifferences(Model model) {
        Task task = randomTask(model, 0.3, 20, 4, 1);
        double[] params = randomParams(task, 2);
        // A batch in the middle of the array, with example 7 twice.
        int[] examples = {19, 3, 7, 11, 7, 0, 15, 2};
        int from = 1;
        int to = 7;
        double[] gradient = new double[task.dim()];
        double loss = ModelKernels.lossAndGradient(task, params, examples, from, to, gradient);
        // The batch is exactly examples[from..to), repeats included: finite differences alone cannot tell.
        double direct = directLoss(task, params, task.trainX(), task.trainY(), new int[] {3, 7, 11, 7, 0, 15});
        assertEquals(direct, loss, 1e-12 * Math.abs(direct));
        double step = 1e-5;
        double[] scratch = new double[task.dim()];
        for (int j = 0; j < task.dim(); j++) {
            double[] plus = params.clone();
            double[] minus = params.clone();
            plus[j] += step;
            minus[j] -= step;
            double numeric = (ModelKernels.lossAndGradient(task, plus, examples, from, to, scratch)
                    - ModelKernels.lossAndGradient(task, minus, examples, from, to, scratch)) / (2 * step);
            // Truncation error ~ step^2 * L''' ~ 1e-10, rounding ~ 1e-16 * L / step ~ 1e-11: 1e-8 absolute is slack.
            double tolerance = 1e-8 + 1e-6 * Math.abs(gradient[j]);
            assertEquals(numeric, gradient[j], tolerance, model + " parameter " + j);
        }
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void setLossIsTheWholeSetBatchAndTheDirectSum(Model model) {
        // 600 training rows: three evaluation blocks, the last one partial.
        Task task = randomTask(model, 0.05, 600, 37, 3);
        double[] params = randomParams(task, 4);
        int[] all = IntStream.range(0, task.trainRows()).toArray();
        double batch = ModelKernels.lossAndGradient(task, params, all, 0, all.length, new double[task.dim()]);
        double train = ModelKernels.loss(task, params, false);
        assertEquals(batch, train, 1e-12 * Math.abs(train));
        assertEquals(directLoss(task, params, false), train, 1e-12 * Math.abs(train));
        double test = ModelKernels.loss(task, params, true);
        assertEquals(directLoss(task, params, true), test, 1e-12 * Math.abs(test));
    }

    @Test
    void leastSquaresSolvedByHand() {
        // A = [[1, 0], [0, 1], [1, 1]], y = (1, 2, 4): A^T A w = A^T y gives w = (4/3, 7/3), residuals +-1/3.
        float[] a = {1, 0, 0, 1, 1, 1};
        float[] y = {1, 2, 4};
        Task task = new Task(Model.LEAST_SQUARES, 2, 0, 0, 0.0, a, y, a, y);
        double[] w = {4.0 / 3, 7.0 / 3};
        double[] gradient = new double[2];
        double loss = ModelKernels.lossAndGradient(task, w, new int[] {0, 1, 2}, 0, 3, gradient);
        assertEquals(1.0 / 18, loss, 1e-15);
        assertEquals(0, gradient[0], 1e-15);
        assertEquals(0, gradient[1], 1e-15);
        assertEquals(1.0 / 18, ModelKernels.loss(task, w, true), 1e-15);
    }

    @Test
    void leastSquaresGradientVanishesAtTheNormalEquationsSolution() {
        Task task = randomTask(Model.LEAST_SQUARES, 0.0, 40, 1, 5);
        double[][] rows = new double[40][FEATURES];
        for (int i = 0; i < 40; i++) {
            for (int k = 0; k < FEATURES; k++) {
                rows[i][k] = task.trainX()[i * FEATURES + k];
            }
        }
        double[] targets = IntStream.range(0, 40).mapToDouble(i -> task.trainY()[i]).toArray();
        RealVector solution = new QRDecomposition(new Array2DRowRealMatrix(rows, false)).getSolver()
                .solve(new ArrayRealVector(targets, false));
        double[] w = solution.toArray();
        double[] gradient = new double[FEATURES];
        int[] all = IntStream.range(0, 40).toArray();
        double loss = ModelKernels.lossAndGradient(task, w, all, 0, 40, gradient);
        for (double g : gradient) {
            assertEquals(0, g, 1e-12);
        }
        double residual = new Array2DRowRealMatrix(rows, false).operate(solution)
                .subtract(new ArrayRealVector(targets, false)).getNorm();
        assertEquals(residual * residual / 80, loss, 1e-12);
        // Anywhere else the gradient does not vanish and the loss is larger.
        w[0] += 0.1;
        assertTrue(ModelKernels.lossAndGradient(task, w, all, 0, 40, gradient) > loss + 1e-4);
        assertTrue(Math.abs(gradient[0]) > 1e-3);
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"LOGISTIC", "MLP"})
    void zeroParamsGiveUniformPredictions(Model model) {
        Task task = randomTask(model, 0.7, 50, 30, 6);
        double[] zero = new double[task.dim()];
        assertEquals(Math.log(CLASSES), ModelKernels.loss(task, zero, false), 1e-14);
        assertEquals(Math.log(CLASSES), ModelKernels.loss(task, zero, true), 1e-14);
        // All logits tie, so every example is predicted class 0.
        for (boolean test : new boolean[] {false, true}) {
            float[] ys = test ? task.testY() : task.trainY();
            double zeros = IntStream.range(0, ys.length).filter(i -> ys[i] == 0).count() / (double) ys.length;
            assertTrue(zeros > 0 && zeros < 1);
            assertEquals(zeros, ModelKernels.accuracy(task, zero, test));
        }
    }

    @Test
    void accuracyIsUndefinedForLeastSquares() {
        Task task = randomTask(Model.LEAST_SQUARES, 0.0, 10, 10, 7);
        assertTrue(Double.isNaN(ModelKernels.accuracy(task, randomParams(task, 8), false)));
        assertTrue(Double.isNaN(ModelKernels.accuracy(task, randomParams(task, 8), true)));
    }

    @Test
    void separatingParamsClassifyEverything() {
        // Example i is 2 e_c plus small noise with c = i mod 3; the test set labels every example 2.
        int n = 300;
        SplittableRandom rng = new SplittableRandom(9);
        float[] xs = new float[n * 3];
        float[] trainY = new float[n];
        float[] testY = new float[n];
        for (int i = 0; i < n; i++) {
            trainY[i] = i % 3;
            testY[i] = 2;
            for (int k = 0; k < 3; k++) {
                xs[i * 3 + k] = (float) ((k == i % 3 ? 2 : 0) + rng.nextDouble(-0.5, 0.5));
            }
        }
        Task task = new Task(Model.LOGISTIC, 3, 0, 3, 0.0, xs, trainY, xs, testY);
        double[] identity = {1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0};
        assertEquals(1.0, ModelKernels.accuracy(task, identity, false));
        assertEquals(1.0 / 3, ModelKernels.accuracy(task, identity, true), 1e-15);
        double[] negated = {-1, 0, 0, 0, -1, 0, 0, 0, -1, 0, 0, 0};
        assertEquals(0.0, ModelKernels.accuracy(task, negated, false));
    }

    @Test
    void softmaxIsStableForHugeLogits() {
        // One feature equal to 1 and logits (1000, 0, -1000): exp(1000) overflows unless shifted by the max.
        Task task = new Task(Model.LOGISTIC, 1, 0, 3, 0.0, new float[] {1, 1}, new float[] {1, 0}, new float[] {1},
                new float[] {2});
        double[] params = {1000, 0, -1000, 0, 0, 0};
        double[] gradient = new double[task.dim()];
        // Label 1 loses 1000, label 0 loses ~0 (log(1 + e^-1000 + e^-2000) underflows to 0).
        assertEquals(500, ModelKernels.lossAndGradient(task, params, new int[] {0, 1}, 0, 2, gradient), 1e-12);
        // Softmax is (1, 0, 0) for both: dW = mean(softmax - onehot) = ((1 + 0) / 2, -1 / 2, 0).
        double[] expected = {0.5, -0.5, 0, 0.5, -0.5, 0};
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], gradient[j], 1e-15);
        }
        assertEquals(2000, ModelKernels.loss(task, params, true), 1e-12);
    }

    @Test
    void emptyBatchIsRejected() {
        Task task = randomTask(Model.LOGISTIC, 0.0, 5, 5, 10);
        assertThrows(IllegalArgumentException.class,
                () -> ModelKernels.lossAndGradient(task, new double[task.dim()], new int[] {1}, 1, 1,
                        new double[task.dim()]));
    }

    @Test
    void concurrentCallsMatchSequentialOnes() throws Exception {
        // Different tasks per thread, so workspaces of different shapes are in use at once.
        List<Task> tasks = new ArrayList<>();
        for (int s = 0; s < 12; s++) {
            tasks.add(randomTask(Model.values()[s % 3], 0.01, 700, 300, 100 + s));
        }
        List<double[]> expected = new ArrayList<>();
        for (int s = 0; s < tasks.size(); s++) {
            expected.add(evaluate(tasks.get(s), s));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int s = 0; s < tasks.size(); s++) {
                int seed = s;
                results.add(pool.submit(() -> evaluate(tasks.get(seed), seed)));
            }
            for (int s = 0; s < tasks.size(); s++) {
                double[] got = results.get(s).get();
                for (int k = 0; k < got.length; k++) {
                    assertEquals(Double.doubleToLongBits(expected.get(s)[k]), Double.doubleToLongBits(got[k]));
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Loss, accuracy and gradient of a task at seeded params, many times over, as one array. */
    private static double[] evaluate(Task task, int seed) {
        double[] params = randomParams(task, seed);
        int[] all = IntStream.range(0, task.trainRows()).toArray();
        double[] out = new double[task.dim() + 3];
        for (int repeat = 0; repeat < 5; repeat++) {
            double[] gradient = new double[task.dim()];
            double loss = ModelKernels.lossAndGradient(task, params, all, 0, all.length, gradient);
            System.arraycopy(gradient, 0, out, 3, gradient.length);
            out[0] = loss;
            out[1] = ModelKernels.loss(task, params, true);
            out[2] = ModelKernels.accuracy(task, params, true);
        }
        return out;
    }
}
