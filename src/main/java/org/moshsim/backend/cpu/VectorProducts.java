package org.moshsim.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Products} on the Java Vector API (jdk.incubator.vector), in the machine's widest float64 vectors. Each
 * loop keeps four independent sums in registers and reads every loaded vector for all four: the affine layer
 * runs examples along the lanes and four outputs at once, the gradient runs parameters along the lanes and four
 * output columns at once. The sums themselves stay sequential (see {@link Products}).
 *
 * <p>Loaded by name from {@link Products#fastest} only where the module is present.
 */
final class VectorProducts implements Products {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /**
     * Runs every product on tiny blocks of varied shapes until a round of them is fast, as only C2's code is: until
     * then the Vector API runs interpreted or in C1, boxing every vector, thousands of times slower than plain loops.
     * Returns whether that happened within {@code seconds}.
     */
    static boolean warmUp(double seconds) {
        VectorProducts products = new VectorProducts();
        double[] a = new double[4 * LANES * 4 * LANES];
        double[] b = new double[a.length];
        double[] params = new double[a.length];
        double[] g = new double[a.length];
        int[][] shapes = {{LANES, LANES + 1, 5}, {2 * LANES, 2 * LANES, 1}, {LANES, LANES - 1, 8}, {3 * LANES, 3, 4}};
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        for (int round = 0; System.nanoTime() < deadline; round++) {
            if (round >= TRIGGER_ROUNDS) {
                // HotSpot has queued them for C2: look now and then rather than spin while C2 compiles.
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            long start = System.nanoTime();
            for (int call = 0; call < 100; call++) {
                int[] shape = shapes[call % shapes.length];
                int rows = shape[0];
                int inner = shape[1];
                int cols = shape[2];
                int bias = (call & 4) == 0 ? -1 : inner * cols;
                products.affine(a, rows, rows, inner, params, 0, bias, b, cols);
                products.accumulate(a, rows, inner, b, rows, cols, g, 0, bias);
                products.hiddenGradient(b, a, rows, rows, inner, cols, params, 0, g);
            }
            if (System.nanoTime() - start < 100 * FAST_ROUND_NANOS) {
                return true;
            }
        }
        return false;
    }

    /** Rounds of 100 calls that pass HotSpot's tiered thresholds for C2 (Tier4MinInvocationThreshold and friends). */
    private static final int TRIGGER_ROUNDS = 20;

    /** A round of the three products on a tiny block takes well under this in C2's code, far over it before. */
    private static final long FAST_ROUND_NANOS = 2_000;

    @Override
    public String name() {
        return "vector-" + SPECIES.vectorBitSize();
    }

    @Override
    public int lanes() {
        return LANES;
    }

    @Override
    public void affine(double[] aT, int stride, int rows, int inner, double[] params, int wAt, int biasAt, double[] outT,
                       int cols) {
        for (int i = 0; i < rows; i += LANES) {
            int c = 0;
            for (; c + 4 <= cols; c += 4) {
                DoubleVector o0 = start(params, biasAt, c);
                DoubleVector o1 = start(params, biasAt, c + 1);
                DoubleVector o2 = start(params, biasAt, c + 2);
                DoubleVector o3 = start(params, biasAt, c + 3);
                for (int k = 0, w = wAt + c; k < inner; k++, w += cols) {
                    DoubleVector x = DoubleVector.fromArray(SPECIES, aT, k * stride + i);
                    o0 = o0.add(x.mul(params[w]));
                    o1 = o1.add(x.mul(params[w + 1]));
                    o2 = o2.add(x.mul(params[w + 2]));
                    o3 = o3.add(x.mul(params[w + 3]));
                }
                o0.intoArray(outT, c * stride + i);
                o1.intoArray(outT, (c + 1) * stride + i);
                o2.intoArray(outT, (c + 2) * stride + i);
                o3.intoArray(outT, (c + 3) * stride + i);
            }
            for (; c < cols; c++) {
                DoubleVector o = start(params, biasAt, c);
                for (int k = 0, w = wAt + c; k < inner; k++, w += cols) {
                    o = o.add(DoubleVector.fromArray(SPECIES, aT, k * stride + i).mul(params[w]));
                }
                o.intoArray(outT, c * stride + i);
            }
        }
    }

    private static DoubleVector start(double[] params, int biasAt, int c) {
        return biasAt < 0 ? DoubleVector.zero(SPECIES) : DoubleVector.broadcast(SPECIES, params[biasAt + c]);
    }

    @Override
    public void accumulate(double[] a, int rows, int inner, double[] dT, int stride, int cols, double[] g, int wAt,
                           int biasAt) {
        // Lane l of a vector at g[base] is g[base + l cols]: parameter k0 + l of one output column.
        int[] column = new int[LANES];
        for (int l = 0; l < LANES; l++) {
            column[l] = l * cols;
        }
        int k0 = 0;
        for (; k0 + LANES <= inner; k0 += LANES) {
            int c = 0;
            for (; c + 4 <= cols; c += 4) {
                int base = wAt + k0 * cols + c;
                DoubleVector g0 = DoubleVector.fromArray(SPECIES, g, base, column, 0);
                DoubleVector g1 = DoubleVector.fromArray(SPECIES, g, base + 1, column, 0);
                DoubleVector g2 = DoubleVector.fromArray(SPECIES, g, base + 2, column, 0);
                DoubleVector g3 = DoubleVector.fromArray(SPECIES, g, base + 3, column, 0);
                for (int i = 0, d = c * stride; i < rows; i++, d++) {
                    DoubleVector x = DoubleVector.fromArray(SPECIES, a, i * inner + k0);
                    g0 = g0.add(x.mul(dT[d]));
                    g1 = g1.add(x.mul(dT[d + stride]));
                    g2 = g2.add(x.mul(dT[d + 2 * stride]));
                    g3 = g3.add(x.mul(dT[d + 3 * stride]));
                }
                g0.intoArray(g, base, column, 0);
                g1.intoArray(g, base + 1, column, 0);
                g2.intoArray(g, base + 2, column, 0);
                g3.intoArray(g, base + 3, column, 0);
            }
            for (; c < cols; c++) {
                int base = wAt + k0 * cols + c;
                DoubleVector s = DoubleVector.fromArray(SPECIES, g, base, column, 0);
                for (int i = 0, d = c * stride; i < rows; i++, d++) {
                    s = s.add(DoubleVector.fromArray(SPECIES, a, i * inner + k0).mul(dT[d]));
                }
                s.intoArray(g, base, column, 0);
            }
        }
        // Parameters past the last full vector (inner not a multiple of the lanes), one sum at a time.
        for (; k0 < inner; k0++) {
            for (int c = 0; c < cols; c++) {
                double s = g[wAt + k0 * cols + c];
                for (int i = 0; i < rows; i++) {
                    s += a[i * inner + k0] * dT[c * stride + i];
                }
                g[wAt + k0 * cols + c] = s;
            }
        }
        if (biasAt >= 0) {
            for (int c = 0; c < cols; c++) {
                double s = g[biasAt + c];
                for (int i = 0; i < rows; i++) {
                    s += dT[c * stride + i];
                }
                g[biasAt + c] = s;
            }
        }
    }

    @Override
    public void hiddenGradient(double[] zT, double[] hT, int stride, int rows, int hidden, int classes, double[] params,
                               int w2At, double[] dhT) {
        DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
        for (int i = 0; i < rows; i += LANES) {
            for (int m = 0; m < hidden; m++) {
                DoubleVector s = DoubleVector.zero(SPECIES);
                for (int c = 0, w = w2At + m * classes; c < classes; c++, w++) {
                    s = s.add(DoubleVector.fromArray(SPECIES, zT, c * stride + i).mul(params[w]));
                }
                DoubleVector h = DoubleVector.fromArray(SPECIES, hT, m * stride + i);
                s.mul(one.sub(h.mul(h))).intoArray(dhT, m * stride + i);
            }
        }
    }
}
