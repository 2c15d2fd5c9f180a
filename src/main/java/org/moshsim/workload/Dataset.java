package org.moshsim.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.rng.UniformRandomProvider;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;

/**
 * Examples for a training workload, float32 like {@link org.moshsim.backend.Task}: {@code x} holds
 * {@code rows() * features} values row-major, {@code y} the class index (as a float) of each row, or its real
 * target when {@code classes == 0}. Loaded datasets are cached and shared, so nobody may write to the arrays.
 */
public record Dataset(String name, int features, int classes, float[] x, float[] y) {
    private static final Map<String, Dataset> LOADED = new ConcurrentHashMap<>();
    /** Examples per partial sum of {@link #leastSquaresLoss}: the backends' evaluation block. */
    static final int LOSS_BLOCK = 256;

    /** A training part and a test part; both standardised with the training part's statistics. */
    public record Split(Dataset train, Dataset test) {
    }

    public Dataset {
        if (features < 1 || classes < 0 || x.length != (long) y.length * features) {
            throw new IllegalArgumentException("dataset " + name + ": " + features + " features, " + classes
                    + " classes, " + x.length + " feature values for " + y.length + " targets");
        }
    }

    public int rows() {
        return y.length;
    }

    /** A real dataset shipped in the jar (see datasets/README.md), parsed once per process. */
    public static Dataset load(String name) {
        return LOADED.computeIfAbsent(name, n -> switch (n) {
            case "digits" -> parse(n, "digits.csv.gz", null, 1797, 64, 10);
            case "breast-cancer" -> parse(n, "breast_cancer.csv", "569,30,malignant,benign", 569, 30, 2);
            default -> throw new IllegalArgumentException("unknown dataset '" + n + "'; known: digits, breast-cancer");
        });
    }

    private static Dataset parse(String name, String file, String header, int rows, int features, int classes) {
        InputStream raw = Objects.requireNonNull(Dataset.class.getResourceAsStream("/datasets/" + file), file);
        try (InputStream bytes = file.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader in = new BufferedReader(new InputStreamReader(bytes, StandardCharsets.US_ASCII))) {
            if (header != null && !header.equals(in.readLine())) {
                throw new IllegalStateException(file + " does not start with the header " + header);
            }
            float[] x = new float[rows * features];
            float[] y = new float[rows];
            for (int r = 0; r < rows; r++) {
                String line = in.readLine();
                String[] cells = line == null ? new String[0] : line.split(",", -1);
                if (cells.length != features + 1) {
                    throw new IllegalStateException(file + ": example " + r + " has " + cells.length
                            + " columns, expected " + (features + 1));
                }
                for (int j = 0; j < features; j++) {
                    x[r * features + j] = Float.parseFloat(cells[j]);
                }
                int label = Integer.parseInt(cells[features].trim());
                if (label < 0 || label >= classes) {
                    throw new IllegalStateException(file + ": example " + r + " has label " + label);
                }
                y[r] = label;
            }
            return new Dataset(name, features, classes, x, y);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Synthetic linear regression with a known answer: features i.i.d. N(0, 1) and y = a . w* + noise N(0, 1),
     * with w* from {@link #trueWeights}. Row r's features, then its noise, are Box-Muller normals from the stream
     * (seed, SYNTHETIC_DATA, 1, r); y is computed from the float32 features, so with noise 0 w* fits exactly.
     */
    public static Dataset leastSquares(int rows, int features, double noise, long seed) {
        if (rows < 1 || features < 1 || !(noise >= 0)) {
            throw new IllegalArgumentException("least squares needs rows >= 1, features >= 1 and noise >= 0");
        }
        double[] w = trueWeights(features, seed);
        float[] x = new float[rows * features];
        float[] y = new float[rows];
        double[] row = new double[features + 1];
        for (int r = 0; r < rows; r++) {
            normals(RandomStreams.stream(seed, Purpose.SYNTHETIC_DATA, 1, r), row);
            double dot = 0;
            for (int j = 0; j < features; j++) {
                x[r * features + j] = (float) row[j];
                dot += x[r * features + j] * w[j];
            }
            y[r] = (float) (dot + noise * row[features]);
        }
        return new Dataset("least-squares", features, 0, x, y);
    }

    /** The w* of {@link #leastSquares}: i.i.d. N(0, 1 / features) from the stream (seed, SYNTHETIC_DATA, 0, 0). */
    static double[] trueWeights(int features, long seed) {
        double[] w = new double[features];
        normals(RandomStreams.stream(seed, Purpose.SYNTHETIC_DATA, 0, 0), w);
        Arrays.setAll(w, j -> w[j] / Math.sqrt(features));
        return w;
    }

    /** Standard normals by Box-Muller, two per pair of words, as in {@link RandomStreams#normalRow}. */
    private static void normals(UniformRandomProvider rng, double[] dst) {
        for (int j = 0; j < dst.length; j += 2) {
            double r = StrictMath.sqrt(-2.0 * StrictMath.log(RandomStreams.openUniform(rng.nextInt())));
            double t = 2.0 * StrictMath.PI * RandomStreams.openUniform(rng.nextInt());
            dst[j] = r * StrictMath.cos(t);
            if (j + 1 < dst.length) {
                dst[j + 1] = r * StrictMath.sin(t);
            }
        }
    }

    /**
     * A shuffled split, stratified for classifiers (class c gives round(testFraction * count(c)) test rows),
     * from the stream (seed, DATA_SPLIT, 0, 0). Every feature is then standardised with the training part's mean
     * and (population) standard deviation, so that one learning rate suits all datasets; a feature constant
     * on the training part becomes 0. Regression targets are left alone.
     */
    public Split split(double testFraction, long seed) {
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("the test fraction must be in [0, 1), not " + testFraction);
        }
        int n = rows();
        int[] quota = new int[Math.max(classes, 1)];
        for (int r = 0; r < n; r++) {
            quota[group(r)]++;
        }
        int testRows = 0;
        for (int c = 0; c < quota.length; c++) {
            quota[c] = (int) Math.round(testFraction * quota[c]);
            testRows += quota[c];
        }
        if (testRows == n) {
            throw new IllegalArgumentException("a test fraction of " + testFraction + " leaves no training example");
        }
        int[] order = Partition.permutation(n, RandomStreams.stream(seed, Purpose.DATA_SPLIT, 0, 0));
        int[] train = new int[n - testRows];
        int[] test = new int[testRows];
        int trained = 0;
        int tested = 0;
        for (int r : order) {
            if (quota[group(r)] > 0) {
                quota[group(r)]--;
                test[tested++] = r;
            } else {
                train[trained++] = r;
            }
        }
        double[] mean = new double[features];
        double[] scale = new double[features];
        for (int j = 0; j < features; j++) {
            double first = x[train[0] * features + j];
            double sum = 0;
            double squares = 0;
            for (int r : train) {
                double d = x[r * features + j] - first; // exactly 0 throughout for a constant feature
                sum += d;
                squares += d * d;
            }
            mean[j] = first + sum / train.length;
            double variance = squares / train.length - (sum / train.length) * (sum / train.length);
            scale[j] = variance > 0 ? 1 / Math.sqrt(variance) : 0;
        }
        return new Split(subset(train, mean, scale), subset(test, mean, scale));
    }

    private int group(int row) {
        return classes == 0 ? 0 : (int) y[row];
    }

    private Dataset subset(int[] rows, double[] mean, double[] scale) {
        float[] sx = new float[rows.length * features];
        float[] sy = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < features; j++) {
                sx[i * features + j] = (float) ((x[rows[i] * features + j] - mean[j]) * scale[j]);
            }
            sy[i] = y[rows[i]];
        }
        return new Dataset(name, features, classes, sx, sy);
    }

    /**
     * The exact minimiser of mean((w . a - y)^2) / 2 + l2 / 2 ||w||^2, the reference a least-squares run's
     * error is measured against: the solution of (A^T A / n + l2 I) w = A^T y / n, in double, by Cholesky.
     */
    public static double[] leastSquaresOptimum(Dataset train, double l2) {
        if (!(l2 >= 0) || train.rows() == 0) {
            throw new IllegalArgumentException("the optimum needs l2 >= 0 and at least one example");
        }
        int n = train.rows();
        double[][] a = new double[n][train.features()];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < train.features(); j++) {
                a[r][j] = train.x()[r * train.features() + j];
            }
        }
        RealMatrix at = new Array2DRowRealMatrix(a, false).transpose();
        RealMatrix gram = at.multiply(at.transpose()).scalarMultiply(1.0 / n)
                .add(MatrixUtils.createRealIdentityMatrix(train.features()).scalarMultiply(l2));
        double[] rhs = at.operate(IntStream.range(0, n).mapToDouble(r -> train.y()[r]).toArray());
        try {
            return new CholeskyDecomposition(gram).getSolver().solve(new ArrayRealVector(rhs, false).mapDivide(n)).toArray();
        } catch (MathIllegalArgumentException e) {
            throw new IllegalArgumentException("the least-squares problem of " + train.name()
                    + " has no unique optimum (use l2 > 0): " + e.getMessage(), e);
        }
    }
    /**
     * The least-squares training loss at {@code w}: mean((w . a - y)^2) / 2 + l2 / 2 ||w||^2, in float64. The sum runs
     * over blocks of {@value #LOSS_BLOCK} examples, each summed alone and then added in order, as the backends'
     * evaluation sums it, so that a model at the optimum evaluates to exactly this value.
     */
    public static double leastSquaresLoss(Dataset train, double[] w, double l2) {
        int f = train.features();
        double total = 0;
        for (int start = 0; start < train.rows(); start += LOSS_BLOCK) {
            double block = 0;
            for (int i = start; i < Math.min(start + LOSS_BLOCK, train.rows()); i++) {
                double z = 0;
                for (int k = 0; k < f; k++) {
                    z += (double) train.x()[i * f + k] * w[k];
                }
                double r = z - train.y()[i];
                block += 0.5 * r * r;
            }
            total += block;
        }
        double penalty = 0;
        if (l2 != 0) {
            double s = 0;
            for (double v : w) {
                s += v * v;
            }
            penalty = 0.5 * l2 * s;
        }
        return total / train.rows() + penalty;
    }
}
