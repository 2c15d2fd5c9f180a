package org.moshsim.backend;

/**
 * How the peers' models do: the average model's training loss and test accuracy (NaN for least squares or
 * without a test set), and the spread, the peers' mean squared distance to that average per parameter.
 */
public record Evaluation(double loss, double accuracy, double spread) {
}
