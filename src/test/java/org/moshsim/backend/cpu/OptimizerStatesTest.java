package org.moshsim.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.moshsim.backend.Task;
import org.moshsim.plan.Optimizer;

/** The optimizers' steps against the formulas of torch.optim.SGD and apex FusedLAMB, worked by hand. */
class OptimizerStatesTest {
    /** Least squares on 2 features: the whole row is one weight matrix. */
    private static final Task TWO_WEIGHTS = new Task(Task.Model.LEAST_SQUARES, 2, 0, 0, 0, new float[0], new float[0], new float[0],
            new float[0]);
    /** Logistic regression, 1 feature and 2 classes: W = row[0..1], biases row[2..3]. */
    private static final Task WEIGHTS_AND_BIASES = new Task(Task.Model.LOGISTIC, 1, 0, 2, 0, new float[0], new float[0],
            new float[0], new float[0]);

    @Test
    void momentumAccumulatesAsTorchDoes() {
        OptimizerStates states = new OptimizerStates(1, 1);
        float[] row = {1f};
        Optimizer momentum = new Optimizer.Momentum(0.5, false);
        states.step(momentum, 0, TWO_WEIGHTS, row, 0, 1, new float[] {2f}, 0.1);   // b = 2: 1 - 0.2
        assertEquals(0.8f, row[0], 1e-7);
        states.step(momentum, 0, TWO_WEIGHTS, row, 0, 1, new float[] {2f}, 0.1);   // b = 0.5 * 2 + 2 = 3: 0.8 - 0.3
        assertEquals(0.5f, row[0], 1e-7);
        OptimizerStates nesterov = new OptimizerStates(1, 1);
        float[] other = {1f};
        Optimizer.Momentum look = new Optimizer.Momentum(0.5, true);
        nesterov.step(look, 0, TWO_WEIGHTS, other, 0, 1, new float[] {2f}, 0.1);   // b = 2, d = 2 + 1 = 3: 1 - 0.3
        assertEquals(0.7f, other[0], 1e-7);
        nesterov.step(look, 0, TWO_WEIGHTS, other, 0, 1, new float[] {2f}, 0.1);   // b = 3, d = 2 + 1.5: 0.7 - 0.35
        assertEquals(0.35f, other[0], 1e-7);
    }

    /**
     * LAMB's first step from zero moments is the sign of the gradient plus weight decay, u = g / (|g| + eps) + wd w,
     * scaled per weight matrix to |w| / |u|; biases take u alone (no decay, no ratio). The push-sum weight de-biases.
     */
    @Test
    void lambsFirstStepIsTheTrustScaledSign() {
        OptimizerStates states = new OptimizerStates(1, 4);
        double w = 2;
        float[] row = {(float) (3 * w), (float) (4 * w), (float) (1 * w), (float) (1 * w)};
        float[] g = {0.5f, -0.25f, 2f, -4f};
        double eps = 1e-6;
        double wd = 0.1;
        states.step(new Optimizer.Lamb(0.9, 0.999, eps, wd), 0, WEIGHTS_AND_BIASES, row, 0, w, g, 0.01);
        double u0 = 0.5 / (0.5 + eps) + wd * 3;
        double u1 = -0.25 / (0.25 + eps) + wd * 4;
        double ratio = 5 / Math.hypot(u0, u1);
        assertEquals((float) (3 - 0.01 * ratio * u0) * w, row[0], 1e-6);
        assertEquals((float) (4 - 0.01 * ratio * u1) * w, row[1], 1e-6);
        assertEquals((float) (1 - 0.01 * 2 / (2 + eps)) * w, row[2], 1e-6);
        assertEquals((float) (1 + 0.01 * 4 / (4 + eps)) * w, row[3], 1e-6);
    }

    /** The second step uses both bias-corrected moments; a copied state steps as its source does. */
    @Test
    void lambsSecondStepAndACopiedState() {
        Optimizer.Lamb lamb = new Optimizer.Lamb(0.9, 0.99, 1e-8, 0);
        OptimizerStates states = new OptimizerStates(2, 2);
        float[] row = {1f, 1f};
        states.step(lamb, 0, TWO_WEIGHTS, row, 0, 1, new float[] {1f, 1f}, 0.1);
        assertEquals(0.9f, row[0], 1e-6);
        states.step(lamb, 0, TWO_WEIGHTS, row, 0, 1, new float[] {3f, 1f}, 0.1);
        // m = 0.9 * 0.1 + 0.1 * 3 = 0.39, m^ = 0.39 / 0.19; v = 0.99 * 0.01 + 0.01 * 9 = 0.0999, v^ = 0.0999 / 0.0199.
        double u = (0.39 / 0.19) / (Math.sqrt(0.0999 / 0.0199) + 1e-8);
        assertEquals((float) (0.9 - 0.1 * u), row[0], 1e-6);
        assertEquals(0.8f, row[1], 1e-6); // a constant gradient: u = 1 at every step
        states.copy(0, 1);
        float[] a = {0.5f, 0.5f};
        float[] b = {0.5f, 0.5f};
        states.step(lamb, 0, TWO_WEIGHTS, a, 0, 1, new float[] {-1f, 2f}, 0.1);
        states.step(lamb, 1, TWO_WEIGHTS, b, 0, 1, new float[] {-1f, 2f}, 0.1);
        assertEquals(a[0], b[0], 0);
        assertEquals(a[1], b[1], 0);
        OptimizerStates fresh = new OptimizerStates(1, 2);
        float[] c = {0.5f, 0.5f};
        fresh.step(lamb, 0, TWO_WEIGHTS, c, 0, 1, new float[] {-1f, 2f}, 0.1);
        assertNotEquals(a[0], c[0], "a fresh state steps elsewhere");
    }

    /**
     * Local steps take the optimizer's steps too, its state carried from one plan to the next: two Nesterov steps and a
     * third in a later plan, against the formulas on ModelKernels' gradients.
     */
    @Test
    void localStepsCarryMomentumAcrossPlans() {
        Task task = new Task(Task.Model.LEAST_SQUARES, 2, 0, 0, 0, new float[] {1, 0, 0, 1, 1, 1, 2, -1}, new float[] {1, 2, 0, 1},
                new float[0], new float[0]);
        Optimizer.Momentum nesterov = new Optimizer.Momentum(0.9, true);
        try (CpuBackend backend = new CpuBackend(null)) {
            backend.allocate(1, 2);
            backend.broadcast(new float[] {0.5f, -0.5f});
            backend.load(task);
            backend.apply(new org.moshsim.plan.LocalSteps(new int[] {0}, new int[] {0, 2}, new int[] {0, 2, 4}, new int[] {0, 1, 2, 3},
                    new double[] {0.1, 0.1}, null, nesterov));
            backend.apply(new org.moshsim.plan.LocalSteps(new int[] {0}, new int[] {0, 1}, new int[] {0, 2}, new int[] {1, 3},
                    new double[] {0.1}, null, nesterov));
            double[] w = {0.5, -0.5};
            double[] buffer = null;
            int[][] batches = {{0, 1}, {2, 3}, {1, 3}};
            for (int[] batch : batches) {
                double[] g = new double[2];
                ModelKernels.lossAndGradient(task, w, batch, 0, 2, g);
                if (buffer == null) {
                    buffer = g.clone();
                } else {
                    for (int j = 0; j < 2; j++) {
                        buffer[j] = 0.9 * buffer[j] + g[j];
                    }
                }
                for (int j = 0; j < 2; j++) {
                    w[j] = (float) (w[j] - 0.1 * (g[j] + 0.9 * buffer[j]));
                }
            }
            float[] row = backend.snapshot().values();
            assertEquals((float) w[0], row[0], 1e-7);
            assertEquals((float) w[1], row[1], 1e-7);
        }
    }

    /** SGD keeps no state and is the plain step, rounded to float32. */
    @Test
    void sgdIsThePlainStep() {
        OptimizerStates none = new OptimizerStates(0, 0);
        float[] row = {2f, 4f};
        none.step(Optimizer.SGD, 0, TWO_WEIGHTS, row, 0, 2, new float[] {1f, -1f}, 0.5);
        assertEquals(1f, row[0], 0);
        assertEquals(5f, row[1], 0);
    }
}
