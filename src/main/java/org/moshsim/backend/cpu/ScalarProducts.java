package org.moshsim.backend.cpu;

/**
 * {@link Products} in plain loops, for JVMs without jdk.incubator.vector: the innermost loops run along contiguous
 * examples or parameters, where C2 can vectorize them by itself, and every sum keeps {@link Products}' order.
 */
final class ScalarProducts implements Products {
    /** Each thread's example-major copy of a block's output gradients. */
    private final ThreadLocal<double[]> gradients = ThreadLocal.withInitial(() -> new double[0]);

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int lanes() {
        return 1;
    }

    @Override
    public void affine(double[] aT, int stride, int rows, int inner, double[] params, int wAt, int biasAt, double[] outT,
                       int cols) {
        for (int c = 0; c < cols; c++) {
            double b = biasAt < 0 ? 0.0 : params[biasAt + c];
            for (int i = 0; i < rows; i++) {
                outT[c * stride + i] = b;
            }
        }
        for (int k = 0; k < inner; k++) {
            int ar = k * stride;
            for (int c = 0; c < cols; c++) {
                double w = params[wAt + k * cols + c];
                int o = c * stride;
                for (int i = 0; i < rows; i++) {
                    outT[o + i] += aT[ar + i] * w;
                }
            }
        }
    }

    @Override
    public void accumulate(double[] a, int rows, int inner, double[] dT, int stride, int cols, double[] g, int wAt,
                           int biasAt) {
        // The output gradients example-major first, so that the innermost loop runs along contiguous rows of both.
        double[] d = gradients.get();
        if (d.length < rows * cols) {
            d = new double[rows * cols];
            gradients.set(d);
        }
        for (int c = 0; c < cols; c++) {
            for (int i = 0; i < rows; i++) {
                d[i * cols + c] = dT[c * stride + i];
            }
        }
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            for (int k = 0; k < inner; k++) {
                double v = a[i * inner + k];
                int gr = wAt + k * cols;
                for (int c = 0; c < cols; c++) {
                    g[gr + c] += v * d[o + c];
                }
            }
            if (biasAt >= 0) {
                for (int c = 0; c < cols; c++) {
                    g[biasAt + c] += d[o + c];
                }
            }
        }
    }

    @Override
    public void hiddenGradient(double[] zT, double[] hT, int stride, int rows, int hidden, int classes, double[] params,
                               int w2At, double[] dhT) {
        for (int m = 0; m < hidden; m++) {
            int o = m * stride;
            for (int i = 0; i < rows; i++) {
                double s = 0.0;
                for (int c = 0; c < classes; c++) {
                    s += zT[c * stride + i] * params[w2At + m * classes + c];
                }
                double h = hT[o + i];
                dhT[o + i] = s * (1.0 - h * h);
            }
        }
    }
}
