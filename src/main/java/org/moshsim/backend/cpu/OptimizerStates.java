package org.moshsim.backend.cpu;

import org.moshsim.backend.Task;
import org.moshsim.plan.Optimizer;

/**
 * Each peer's optimizer state for one run (momentum buffer, or LAMB's two moments, float64, and its step count), in
 * slots: one per peer, and one more for a parameter server's copy. A slot's rows are allocated at its first step, so a
 * run of plain SGD keeps nothing. A slot is only ever touched by the task that steps it.
 */
final class OptimizerStates {
    private final int dim;
    private final double[][] first;
    private final double[][] second;
    private final int[] steps;

    /** Empty states for {@code slots} slots of {@code dim} values. */
    OptimizerStates(int slots, int dim) {
        this.dim = dim;
        this.first = new double[slots][];
        this.second = new double[slots][];
        this.steps = new int[slots];
    }

    /**
     * One step of {@code optimizer} on the de-biased model {@code block[offset ..] / w} with gradient {@code g} at rate
     * {@code rate}, the slot's state advancing; the row is rounded to float32 as a local step's is. LAMB's trust ratio
     * needs the {@code task}'s weight matrices.
     */
    void step(Optimizer optimizer, int slot, Task task, float[] block, int offset, double w, float[] g, double rate) {
        if (optimizer instanceof Optimizer.Sgd) {
            for (int j = 0; j < g.length; j++) {
                float model = (float) (block[offset + j] / w - rate * g[j]);
                block[offset + j] = (float) (model * w);
            }
            return;
        }
        double[] model = new double[dim];
        double[] gradient = new double[dim];
        for (int j = 0; j < dim; j++) {
            model[j] = block[offset + j] / w;
            gradient[j] = g[j];
        }
        double[] direction = direction(optimizer, slot, task, model, gradient, new double[dim]);
        for (int j = 0; j < dim; j++) {
            float stepped = (float) (model[j] - rate * direction[j]);
            block[offset + j] = (float) (stepped * w);
        }
    }

    /**
     * The direction d of one step (the model moves by {@code -rate * d}) with gradient {@code g} at the de-biased
     * {@code model}, the slot's state advancing: {@code g} itself for SGD, else written into {@code out}.
     */
    double[] direction(Optimizer optimizer, int slot, Task task, double[] model, double[] g, double[] out) {
        if (optimizer instanceof Optimizer.Sgd) {
            return g;
        }
        steps[slot]++;
        if (optimizer instanceof Optimizer.Momentum momentum) {
            double[] buffer = first[slot];
            if (buffer == null) {
                buffer = first[slot] = g.clone();
            } else {
                for (int j = 0; j < dim; j++) {
                    buffer[j] = momentum.momentum() * buffer[j] + g[j];
                }
            }
            for (int j = 0; j < dim; j++) {
                out[j] = momentum.nesterov() ? g[j] + momentum.momentum() * buffer[j] : buffer[j];
            }
        } else {
            lamb((Optimizer.Lamb) optimizer, slot, task, model, g, out);
        }
        return out;
    }

    /** LAMB's step direction into {@code direction}: r u on weight matrices, u on biases. */
    private void lamb(Optimizer.Lamb lamb, int slot, Task task, double[] model, double[] g, double[] direction) {
        if (first[slot] == null) {
            first[slot] = new double[dim];
            second[slot] = new double[dim];
        }
        double[] m = first[slot];
        double[] v = second[slot];
        double firstCorrection = 1 - Math.pow(lamb.beta1(), steps[slot]);
        double secondCorrection = 1 - Math.pow(lamb.beta2(), steps[slot]);
        for (int j = 0; j < dim; j++) {
            m[j] = lamb.beta1() * m[j] + (1 - lamb.beta1()) * g[j];
            v[j] = lamb.beta2() * v[j] + (1 - lamb.beta2()) * g[j] * g[j];
            direction[j] = m[j] / firstCorrection / (Math.sqrt(v[j] / secondCorrection) + lamb.epsilon());
        }
        if (lamb.weightDecay() == 0) {
            return; // apex applies the trust ratio only where there is weight decay
        }
        int[] matrices = task.weightMatrices();
        for (int t = 0; t < matrices.length; t += 2) {
            double weights = 0;
            double update = 0;
            for (int j = matrices[t]; j < matrices[t + 1]; j++) {
                direction[j] += lamb.weightDecay() * model[j];
                weights += model[j] * model[j];
                update += direction[j] * direction[j];
            }
            double ratio = weights > 0 && update > 0 ? Math.sqrt(weights / update) : 1;
            for (int j = matrices[t]; j < matrices[t + 1]; j++) {
                direction[j] *= ratio;
            }
        }
    }

    /** Slot {@code to} takes slot {@code from}'s state (a returning peer's download). */
    void copy(int from, int to) {
        first[to] = first[from] == null ? null : first[from].clone();
        second[to] = second[from] == null ? null : second[from].clone();
        steps[to] = steps[from];
    }

    /** The slot's state rows (null where not started) and step count, for tests. */
    double[][] state(int slot) {
        return new double[][] {first[slot], second[slot], {steps[slot]}};
    }
}
