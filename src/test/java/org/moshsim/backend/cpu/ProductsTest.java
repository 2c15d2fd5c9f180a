package org.moshsim.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both {@link Products} against the model kernels' products written out example by example in row-major order (the
 * loops they replaced, and the CUDA kernels' order): equal to the bit, for shapes whose examples and features are
 * not multiples of the vector lanes. Surefire runs with jdk.incubator.vector, so the vector products are tested too.
 */
class ProductsTest {
    private static final List<Products> BOTH = List.of(new ScalarProducts(), new VectorProducts());

    private static double[] random(SplittableRandom rng, int length) {
        return rng.doubles(length, -2, 2).toArray();
    }

    /** Example-major (rows x cols) into example-minor rows of {@code stride}, padding lanes filled with noise. */
    private static double[] transpose(double[] a, int rows, int cols, int stride, SplittableRandom rng) {
        double[] t = random(rng, cols * stride);
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < cols; k++) {
                t[k * stride + i] = a[i * cols + k];
            }
        }
        return t;
    }

    private static int stride(Products products, int rows) {
        return (rows + products.lanes() - 1) / products.lanes() * products.lanes();
    }

    @ParameterizedTest(name = "{0} examples, {1} inputs, {2} outputs, bias {3}")
    @CsvSource({"1, 1, 1, false", "7, 64, 10, true", "32, 64, 32, true", "33, 30, 2, true", "256, 17, 1, false",
            "13, 32, 10, true", "5, 9, 5, true"})
    void affineAddsEveryOutputsTermsInInputOrder(int rows, int inner, int cols, boolean bias) {
        SplittableRandom rng = new SplittableRandom(rows * 31L + inner);
        double[] a = random(rng, rows * inner);
        double[] params = random(rng, 3 + (inner + 1) * cols);
        int wAt = 3;
        int biasAt = bias ? wAt + inner * cols : -1;
        for (Products products : BOTH) {
            int stride = stride(products, rows);
            double[] out = new double[cols * stride];
            products.affine(transpose(a, rows, inner, stride, rng), stride, rows, inner, params, wAt, biasAt, out, cols);
            for (int i = 0; i < rows; i++) {
                for (int c = 0; c < cols; c++) {
                    double s = bias ? params[biasAt + c] : 0.0;
                    for (int k = 0; k < inner; k++) {
                        s += a[i * inner + k] * params[wAt + k * cols + c];
                    }
                    assertEquals(s, out[c * stride + i], 0.0, products.name() + " output " + c + " of example " + i);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} examples, {1} inputs, {2} outputs, bias {3}")
    @CsvSource({"1, 1, 1, false", "7, 64, 10, true", "32, 64, 32, true", "33, 30, 2, true", "256, 17, 1, false",
            "13, 32, 10, true", "5, 9, 5, true"})
    void gradientsAddEveryExamplesTermInExampleOrder(int rows, int inner, int cols, boolean bias) {
        SplittableRandom rng = new SplittableRandom(rows * 17L + cols);
        double[] a = random(rng, rows * inner);
        double[] d = random(rng, rows * cols);
        double[] start = random(rng, 2 + (inner + 1) * cols);
        int wAt = 2;
        int biasAt = bias ? wAt + inner * cols : -1;
        double[] expected = start.clone();
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < inner; k++) {
                for (int c = 0; c < cols; c++) {
                    expected[wAt + k * cols + c] += a[i * inner + k] * d[i * cols + c];
                }
            }
            for (int c = 0; bias && c < cols; c++) {
                expected[biasAt + c] += d[i * cols + c];
            }
        }
        for (Products products : BOTH) {
            int stride = stride(products, rows);
            double[] g = start.clone();
            products.accumulate(a, rows, inner, transpose(d, rows, cols, stride, rng), stride, cols, g, wAt, biasAt);
            assertArrayEquals(expected, g, 0.0, products.name());
        }
    }

    @ParameterizedTest(name = "{0} examples, {1} hidden, {2} classes")
    @CsvSource({"1, 1, 2", "32, 32, 10", "37, 5, 3"})
    void hiddenGradientsSumOverClassesInOrder(int rows, int hidden, int classes) {
        SplittableRandom rng = new SplittableRandom(rows + hidden * 7L);
        double[] z = random(rng, rows * classes);
        double[] h = rng.doubles(rows * hidden, -1, 1).toArray();
        double[] params = random(rng, 4 + hidden * classes);
        for (Products products : BOTH) {
            int stride = stride(products, rows);
            double[] dh = new double[hidden * stride];
            products.hiddenGradient(transpose(z, rows, classes, stride, rng), transpose(h, rows, hidden, stride, rng), stride,
                    rows, hidden, classes, params, 4, dh);
            for (int i = 0; i < rows; i++) {
                for (int m = 0; m < hidden; m++) {
                    double s = 0.0;
                    for (int c = 0; c < classes; c++) {
                        s += z[i * classes + c] * params[4 + m * classes + c];
                    }
                    double a = h[i * hidden + m];
                    assertEquals(s * (1.0 - a * a), dh[m * stride + i], 0.0, products.name() + " unit " + m + " of example " + i);
                }
            }
        }
    }
}
