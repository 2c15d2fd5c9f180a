package org.moshsim.backend;

import org.moshsim.plan.Plan;

/**
 * The peers' numbers and the operations on them. One backend holds one run's matrix at a time;
 * implementations must give the same results (to float rounding) and never depend on thread count.
 */
public interface Backend extends AutoCloseable {
    /** "cpu" or "cuda". */
    String name();

    /** The device in words, e.g. "cpu, 2 threads". */
    String device();

    /**
     * Sizes the matrix for {@code peers} rows of {@code dim} values, push-sum weights all 1. May reuse the
     * memory of an earlier run. Throws {@link org.moshsim.BadInput} when the matrix cannot fit.
     */
    void allocate(int peers, int dim);

    /** Fills every value from N(mean, std^2), row i from the stream (seed, INITIAL_VALUES, i). */
    void fillNormal(long seed, double mean, double std);

    /** Fills every value from U(low, high), row i from the stream (seed, INITIAL_VALUES, i). */
    void fillUniform(long seed, double low, double high);

    /** Fills every row with {@code row} (every peer starts from the same model), push-sum weights all 1. */
    void broadcast(float[] row);

    /** The learning problem that {@link org.moshsim.plan.LocalSteps} and {@link #evaluate()} use; rows must have its dimension. */
    void load(Task task);

    /**
     * Evaluates the average of the de-biased rows on the loaded task, and remembers that average as the
     * reference (as {@link #markReference()} does).
     */
    Evaluation evaluate();

    /** Remembers the current average of the de-biased rows as the reference for {@link #meanSquaredError()}. */
    void markReference();

    /**
     * Executes a plan: every row it names is updated from the rows as they were before; failed groups are skipped;
     * local steps need a loaded task.
     */
    void apply(Plan plan);

    /** (1 / (N D)) sum_i ||x_i / w_i - xbar||^2 against the reference, accumulated in float64. */
    double meanSquaredError();

    /** A copy of the values (row-major) and weights, for tests and small reports. */
    Snapshot snapshot();

    @Override
    void close();
}
