package org.moshsim.backend;

/**
 * A supervised learning problem whose parameters are the peers' rows: the model and its data, float32 and
 * row-major ({@code features} values per example). Targets are class indices (as floats) for the classifiers
 * and real values for least squares. The loss adds {@code l2 / 2 * ||params||^2} to the mean example loss.
 *
 * <p>Parameter layouts (row of {@link #dim()} values):
 * <ul>
 *   <li>LEAST_SQUARES: w[features]; prediction w . a; example loss (w . a - y)^2 / 2.</li>
 *   <li>LOGISTIC (multinomial): W[features][classes] row-major, then b[classes]; softmax cross-entropy.</li>
 *   <li>MLP: W1[features][hidden], b1[hidden], W2[hidden][classes], b2[classes]; tanh hidden layer, softmax
 *   cross-entropy.</li>
 * </ul>
 */
public record Task(Model model, int features, int hidden, int classes, double l2, float[] trainX, float[] trainY,
                   float[] testX, float[] testY) {
    public enum Model { LEAST_SQUARES, LOGISTIC, MLP }

    public Task {
        if (trainX.length != (long) trainY.length * features || testX.length != (long) testY.length * features) {
            throw new IllegalArgumentException("features and targets disagree on the number of examples");
        }
    }

    /** Parameters per peer. */
    public int dim() {
        return switch (model) {
            case LEAST_SQUARES -> features;
            case LOGISTIC -> (features + 1) * classes;
            case MLP -> (features + 1) * hidden + (hidden + 1) * classes;
        };
    }

    /**
     * The weight matrices' ranges in a row, as [start, end) pairs, in layout order; the rest are biases (what LAMB's
     * weight decay and trust ratio skip).
     */
    public int[] weightMatrices() {
        return switch (model) {
            case LEAST_SQUARES -> new int[] {0, features};
            case LOGISTIC -> new int[] {0, features * classes};
            case MLP -> new int[] {0, features * hidden, (features + 1) * hidden, (features + 1) * hidden + hidden * classes};
        };
    }

    public int trainRows() {
        return trainY.length;
    }

    public int testRows() {
        return testY.length;
    }
}
