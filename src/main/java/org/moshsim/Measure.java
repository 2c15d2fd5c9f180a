package org.moshsim;

/** A quantity a run measures over time, named as its metrics.csv column. */
public enum Measure {
    /** Averaging: mean squared error of the peers' values to their initial average. */
    MSE("mse", true, "mean squared error", true),
    /** Training: loss of the peers' average model on the training set. */
    LOSS("loss", true, "training loss of the average model", true),
    /** Training a least-squares model: loss of the average model above the known optimum. */
    EXCESS_LOSS("excess_loss", true, "training loss above the optimum", true),
    /** Training a classifier: accuracy of the average model on the held-out test set. */
    ACCURACY("accuracy", false, "test accuracy of the average model", false),
    /** Training, and averaging under packet loss: the peers' mean squared distance to their average, per value. */
    SPREAD("spread", true, "spread of the peers' models", true),
    /** Training: the fraction of the peers' time so far spent computing rather than waiting or exchanging. */
    UTILISATION("utilisation", false, "fraction of time computing", false),
    /** Training: simulated seconds per round so far (a synchronous round's compute, waiting and exchange). */
    STEP_TIME("step_time", true, "simulated seconds per round", false),
    /** Training under DropCompute: the fraction of the micro-batches so far that were dropped. */
    DROP_RATE("drop_rate", true, "fraction of micro-batches dropped", false),
    /**
     * Gradient exchange (and averaging through a compressed all-reduce): the mean so far of the aggregates' relative bias along the exact sample-weighted mean gradient
     * g, {@code <a - g, g> / |g|^2} (zero-fill's aggregate is shrunk by the loss rate: -p).
     */
    AGGREGATE_BIAS("aggregate_bias", true, "relative bias of the gradient aggregate", false),
    /**
     * Gradient exchange, and averaging through a compressed all-reduce: the mean so far of the aggregates' relative error
     * {@code |a - g| / |g|} (compression, lost packets).
     */
    AGGREGATE_ERROR("aggregate_error", true, "relative error of the gradient aggregate", true);

    private final String column;
    private final boolean lowerIsBetter;
    private final String title;
    private final boolean logarithmic;

    Measure(String column, boolean lowerIsBetter, String title, boolean logarithmic) {
        this.column = column;
        this.lowerIsBetter = lowerIsBetter;
        this.title = title;
        this.logarithmic = logarithmic;
    }

    public String column() {
        return column;
    }

    /** Whether a target is reached from above (errors, losses) rather than from below (accuracy). */
    public boolean lowerIsBetter() {
        return lowerIsBetter;
    }

    public String title() {
        return title;
    }

    /** Whether charts draw it on a log scale. */
    public boolean logarithmic() {
        return logarithmic;
    }

    /** The measure with this column name, or null. */
    public static Measure ofColumn(String column) {
        for (Measure m : values()) {
            if (m.column.equals(column)) {
                return m;
            }
        }
        return null;
    }
}
