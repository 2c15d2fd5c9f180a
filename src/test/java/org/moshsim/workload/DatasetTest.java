package org.moshsim.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DatasetTest {
    @Test
    void digitsLoadWithTheFileContents() {
        Dataset digits = Dataset.load("digits");
        assertEquals(1797, digits.rows());
        assertEquals(64, digits.features());
        assertEquals(10, digits.classes());
        float[] first = {0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0,
            0, 8, 8, 0, 0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10,
            0, 0, 0};
        assertArrayEquals(first, Arrays.copyOf(digits.x(), 64));
        assertEquals(0f, digits.y()[0]);
        assertEquals(1f, digits.y()[1]);
        assertEquals(8f, digits.y()[1796]);
        assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, classCounts(digits));
        for (float v : digits.x()) {
            assertTrue(v >= 0 && v <= 16 && v == Math.rint(v), "pixel " + v);
        }
    }

    @Test
    void breastCancerSkipsItsHeader() {
        Dataset cancer = Dataset.load("breast-cancer");
        assertEquals(569, cancer.rows());
        assertEquals(30, cancer.features());
        assertEquals(2, cancer.classes());
        assertEquals(17.99f, cancer.x()[0]);
        assertEquals(10.38f, cancer.x()[1]);
        assertEquals(1001f, cancer.x()[3]);
        assertEquals(0.1189f, cancer.x()[29]);
        assertEquals(20.57f, cancer.x()[30]);
        assertEquals(0.07039f, cancer.x()[569 * 30 - 1]);
        assertEquals(0f, cancer.y()[0]);
        assertEquals(1f, cancer.y()[568]);
        assertArrayEquals(new int[] {212, 357}, classCounts(cancer));
    }

    @Test
    void loadingIsCachedAndThreadSafe() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Dataset>> loads = pool.invokeAll(IntStream.range(0, 16)
                    .<Callable<Dataset>>mapToObj(i -> () -> Dataset.load("breast-cancer")).toList());
            for (Future<Dataset> load : loads) {
                assertSame(Dataset.load("breast-cancer"), load.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dataset.load("mnist"));
        assertTrue(e.getMessage().contains("digits") && e.getMessage().contains("breast-cancer"), e.getMessage());
    }

    @Test
    void splitIsStratifiedAndStandardisedWithTrainingStatistics() {
        Dataset digits = Dataset.load("digits");
        Dataset.Split split = digits.split(0.2, 7);
        int[] all = classCounts(digits);
        int[] test = classCounts(split.test());
        int[] train = classCounts(split.train());
        for (int c = 0; c < 10; c++) {
            assertEquals(Math.round(0.2 * all[c]), test[c], "class " + c);
            assertEquals(all[c], test[c] + train[c], "class " + c);
        }
        assertEquals(1797, split.train().rows() + split.test().rows());
        for (int j = 0; j < 64; j++) {
            double[] moments = moments(split.train(), j);
            if (j == 0 || j == 32 || j == 39) {
                assertEquals(0.0, moments[0], "constant pixel " + j);
                assertEquals(0.0, moments[1], "constant pixel " + j);
                assertEquals(0.0, moments(split.test(), j)[1], "constant pixel " + j);
            } else if (moments[1] != 0) {
                assertEquals(0.0, moments[0], 1e-5, "pixel " + j);
                assertEquals(1.0, moments[1], 1e-4, "pixel " + j);
            }
        }
        Dataset.Split cancer = Dataset.load("breast-cancer").split(0.25, 7);
        assertArrayEquals(new int[] {53, 89}, classCounts(cancer.test()));
        for (int j = 0; j < 30; j++) {
            double[] moments = moments(cancer.train(), j);
            assertEquals(0.0, moments[0], 1e-5, "feature " + j);
            assertEquals(1.0, moments[1], 1e-4, "feature " + j);
        }
    }

    @Test
    void regressionSplitKeepsTargetsAndUsesEveryRowOnce() {
        int n = 101;
        float[] x = new float[n * 2];
        float[] y = new float[n];
        for (int r = 0; r < n; r++) {
            x[2 * r] = r;
            x[2 * r + 1] = 5;
            y[r] = r;
        }
        Dataset.Split split = new Dataset("index", 2, 0, x, y).split(0.3, 11);
        assertEquals(30, split.test().rows());
        assertEquals(71, split.train().rows());
        float[] rows = new float[n];
        System.arraycopy(split.train().y(), 0, rows, 0, 71);
        System.arraycopy(split.test().y(), 0, rows, 71, 30);
        float[] sortedRows = rows.clone();
        Arrays.sort(sortedRows);
        assertArrayEquals(y, sortedRows);
        assertFalse(Arrays.equals(y, rows), "the split is shuffled");
        double[] trainIndex = new double[71];
        for (int i = 0; i < 71; i++) {
            trainIndex[i] = split.train().y()[i];
        }
        double mean = Arrays.stream(trainIndex).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(trainIndex).map(v -> (v - mean) * (v - mean)).sum() / 71);
        for (Dataset part : List.of(split.train(), split.test())) {
            for (int i = 0; i < part.rows(); i++) {
                assertEquals((part.y()[i] - mean) / std, part.x()[2 * i], 1e-5);
                assertEquals(0f, part.x()[2 * i + 1]);
            }
        }
    }

    @Test
    void splitsAreFunctionsOfTheSeed() {
        Dataset cancer = Dataset.load("breast-cancer");
        Dataset.Split a = cancer.split(0.2, 3);
        Dataset.Split b = cancer.split(0.2, 3);
        Dataset.Split c = cancer.split(0.2, 4);
        assertArrayEquals(a.train().x(), b.train().x());
        assertArrayEquals(a.test().y(), b.test().y());
        assertFalse(Arrays.equals(a.train().x(), c.train().x()));
        assertFalse(Arrays.equals(a.test().x(), c.test().x()));
    }

    @Test
    void emptyTestSetAndBadFractions() {
        Dataset cancer = Dataset.load("breast-cancer");
        Dataset.Split split = cancer.split(0, 1);
        assertEquals(569, split.train().rows());
        assertEquals(0, split.test().x().length);
        assertEquals(0, split.test().y().length);
        for (double bad : new double[] {-0.1, 1, 1.5, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> cancer.split(bad, 1), "fraction " + bad);
        }
        Dataset tiny = new Dataset("tiny", 1, 2, new float[] {1, 2}, new float[] {0, 1});
        assertThrows(IllegalArgumentException.class, () -> tiny.split(0.6, 1), "no training example left");
        assertThrows(IllegalArgumentException.class, () -> new Dataset("bad", 2, 2, new float[3], new float[2]));
    }

    @Test
    void noiselessLeastSquaresRecoversTheTrueWeights() {
        Dataset data = Dataset.leastSquares(400, 20, 0, 5);
        assertEquals(0, data.classes());
        assertEquals(20, data.features());
        double[] truth = Dataset.trueWeights(20, 5);
        assertArrayEquals(truth, Dataset.leastSquaresOptimum(data, 0), 1e-6);
        double squares = Arrays.stream(truth).map(w -> w * w).sum();
        assertEquals(1.0, squares, 0.7, "w* has variance 1 / features");
        double[] feature = moments(data, 3);
        assertEquals(0.0, feature[0], 0.2);
        assertEquals(1.0, feature[1], 0.2);
        assertArrayEquals(data.x(), Dataset.leastSquares(400, 20, 0, 5).x());
        assertFalse(Arrays.equals(data.x(), Dataset.leastSquares(400, 20, 0, 6).x()));
        assertFalse(Arrays.equals(data.y(), Dataset.leastSquares(400, 20, 0.1, 5).y()), "noise changes y");
    }

    @Test
    void optimumHasZeroGradient() {
        double l2 = 0.01;
        Dataset train = Dataset.leastSquares(300, 12, 0.5, 9).split(0.2, 9).train();
        double[] w = Dataset.leastSquaresOptimum(train, l2);
        int f = train.features();
        double[] gradient = new double[f];
        for (int r = 0; r < train.rows(); r++) {
            double residual = -train.y()[r];
            for (int j = 0; j < f; j++) {
                residual += w[j] * train.x()[r * f + j];
            }
            for (int j = 0; j < f; j++) {
                gradient[j] += residual * train.x()[r * f + j] / train.rows();
            }
        }
        for (int j = 0; j < f; j++) {
            assertEquals(0.0, gradient[j] + l2 * w[j], 1e-10, "coordinate " + j);
        }
        double[] unregularised = Dataset.leastSquaresOptimum(train, 0);
        assertTrue(norm(w) < norm(unregularised), "l2 shrinks the optimum");
    }

    @Test
    void optimumNeedsAUniqueSolution() {
        Dataset digits = Dataset.load("digits").split(0.2, 1).train();
        assertThrows(IllegalArgumentException.class, () -> Dataset.leastSquaresOptimum(digits, 0), "constant pixels");
        assertEquals(64, Dataset.leastSquaresOptimum(digits, 1e-3).length);
        assertThrows(IllegalArgumentException.class, () -> Dataset.leastSquaresOptimum(digits, -1));
        assertThrows(IllegalArgumentException.class, () -> Dataset.leastSquares(10, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Dataset.leastSquares(10, 2, -1, 1));
    }

    static int[] classCounts(Dataset data) {
        int[] counts = new int[data.classes()];
        for (float label : data.y()) {
            counts[(int) label]++;
        }
        return counts;
    }

    /** Mean and population standard deviation of feature j. */
    private static double[] moments(Dataset data, int j) {
        double sum = 0;
        double squares = 0;
        for (int r = 0; r < data.rows(); r++) {
            double v = data.x()[r * data.features() + j];
            sum += v;
            squares += v * v;
        }
        double mean = sum / data.rows();
        return new double[] {mean, Math.sqrt(Math.max(0, squares / data.rows() - mean * mean))};
    }

    private static double norm(double[] v) {
        return Math.sqrt(Arrays.stream(v).map(a -> a * a).sum());
    }
}
