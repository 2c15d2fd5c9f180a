package org.moshsim.lossy;

/**
 * How far peers' models are from agreeing: the mean over peers of the squared distance to their average,
 * (1/N) sum_i ||x_i - x_bar||^2, the discrepancy whose boundedness Weintraub et al. 2025 prove for lossy broadcasts.
 * Sums in float64.
 */
public final class ModelDrift {
    private ModelDrift() {
    }

    /** The coordinate-wise average of the rows. */
    public static double[] average(float[][] rows) {
        double[] mean = new double[rows[0].length];
        for (float[] row : rows) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < mean.length; j++) {
            mean[j] /= rows.length;
        }
        return mean;
    }

    /** (1/N) sum_i ||x_i - x_bar||^2. */
    public static double meanSquaredDistanceToAverage(float[][] models) {
        double[] mean = average(models);
        double sum = 0;
        for (float[] model : models) {
            sum += squaredDistance(model, mean);
        }
        return sum / models.length;
    }

    /** ||x - y||^2. */
    public static double squaredDistance(float[] x, double[] y) {
        double sum = 0;
        for (int j = 0; j < x.length; j++) {
            double d = x[j] - y[j];
            sum += d * d;
        }
        return sum;
    }
}
