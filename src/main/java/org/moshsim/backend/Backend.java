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
     * Sizes the matrix for {@code peers} rows of {@code dim} values, push-sum weights all 1, and starts a new run: no
     * accumulated gradients or error-feedback state. May reuse the memory of an earlier run. Throws
     * {@link org.moshsim.BadInput} when the matrix cannot fit.
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
     * local steps need a loaded task. Accumulated gradients, error-feedback rows and a parameter server's parameters are
     * kept for the run, next to the rows, until the next {@link #allocate}.
     */
    void apply(Plan plan);

    /**
     * The gradient aggregates this run has applied so far ({@link org.moshsim.plan.GradientExchange}), against the exact
     * sample-weighted mean g of the gradients each aggregate a stood for: the means over aggregates (one per member
     * that applied one; a parameter server's one per round) of the relative bias {@code <a - g, g> / |g|^2} and the
     * relative error {@code |a - g| / |g|}; or, averaging through a compressed all-reduce, of each group's result against
     * its members' exact mean. NaN before the first, and on backends that do not exchange gradients.
     */
    default Aggregates aggregates() {
        return Aggregates.NONE;
    }

    /** Mean relative bias and relative error of gradient aggregates; see {@link #aggregates()}. */
    record Aggregates(double bias, double error) {
        public static final Aggregates NONE = new Aggregates(Double.NaN, Double.NaN);
    }

    /** (1 / (N D)) sum_i ||x_i / w_i - xbar||^2 against the reference, accumulated in float64. */
    double meanSquaredError();

    /** A copy of the values (row-major) and weights, for tests and small reports. */
    Snapshot snapshot();

    @Override
    void close();
}
