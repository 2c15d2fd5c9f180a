package org.moshsim.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.moshsim.random.RandomStreams;

class ErrorFeedbackTest {
    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            sum += (a[d] - (double) b[d]) * (a[d] - (double) b[d]);
        }
        return Math.sqrt(sum);
    }

    private static double norm(float[] a) {
        return distance(a, new float[a.length]);
    }

    /** EF21 with Top-K on a constant gradient: ||grad - g_t||^2 <= (1 - k/D)^t ||grad||^2, and 0 after D/k steps. */
    @Test
    void ef21ErrorVanishesForAConstantGradient() {
        int peers = 4;
        int dimension = 64;
        int k = 8;
        float[][] grads = new float[peers][dimension];
        for (int i = 0; i < peers; i++) {
            RandomStreams.normalRow(20, i, 0, 1, grads[i], 0, dimension);
        }
        EF21 ef = new EF21(peers, dimension, CollectiveCompressor.perPeer(new TopK(k)));
        float[] aggregate = new float[dimension];
        for (int t = 1; t <= dimension / k; t++) {
            ef.step(grads, t, aggregate);
            for (int i = 0; i < peers; i++) {
                double error = distance(grads[i], ef.estimate(i));
                assertTrue(error <= Math.pow(1 - (double) k / dimension, t / 2.0) * norm(grads[i]) + 1e-6, "step " + t);
            }
        }
        float[] mean = new float[dimension];
        PeerMean.of(grads, mean);
        for (int i = 0; i < peers; i++) {
            assertArrayEquals(grads[i], ef.estimate(i), "after D/k steps the estimate is the gradient");
        }
        assertArrayEquals(mean, aggregate);
    }

    /**
     * A gradient that moves by Delta per step: E_t = ||grad_t - g_{t+1}|| <= q (E_{t-1} + Delta) with
     * q = sqrt(1 - k/D), so E_t <= q^(t+1) ||grad_0|| + q Delta / (1 - q): bounded, not growing.
     */
    @Test
    void ef21ErrorStaysBoundedOnASlowlyMovingGradient() {
        int dimension = 100;
        int k = 10;
        double delta = 0.05;
        double q = Math.sqrt(1 - (double) k / dimension);
        float[][] grad = new float[1][dimension];
        RandomStreams.normalRow(21, 0, 0, 1, grad[0], 0, dimension);
        double start = norm(grad[0]);
        EF21 ef = new EF21(1, dimension, CollectiveCompressor.perPeer(new TopK(k)));
        float[] aggregate = new float[dimension];
        float[] move = new float[dimension];
        double worst = 0;
        for (int t = 0; t < 500; t++) {
            if (t > 0) {
                RandomStreams.normalRow(22, t, 0, 1, move, 0, dimension);
                double size = norm(move);
                for (int d = 0; d < dimension; d++) {
                    grad[0][d] += (float) (delta * move[d] / size);
                }
            }
            ef.step(grad, t, aggregate);
            double error = distance(grad[0], ef.estimate(0));
            worst = Math.max(worst, t > 50 ? error : 0);
            assertTrue(error <= Math.pow(q, t + 1) * start + q * delta / (1 - q) + 1e-4, "step " + t + ": " + error);
        }
        assertTrue(worst > delta, "the estimate does lag the moving gradient: worst " + worst);
    }

    /**
     * EF14: sum of sent = sum of gradients - e_i exactly, and ||e_i|| <= q G / (1 - q) for Top-K
     * (||e_{t+1}|| <= q (||e_t|| + G)).
     */
    @Test
    void ef14SentSumTracksTheGradientSum() {
        int peers = 3;
        int dimension = 50;
        int k = 5;
        double q = Math.sqrt(1 - (double) k / dimension);
        EF14 ef = new EF14(peers, dimension, CollectiveCompressor.perPeer(new TopK(k)));
        double[][] gradientSum = new double[peers][dimension];
        double[][] sentSum = new double[peers][dimension];
        float[][] grads = new float[peers][dimension];
        float[] aggregate = new float[dimension];
        double largest = 0;
        for (int t = 0; t < 300; t++) {
            for (int i = 0; i < peers; i++) {
                RandomStreams.normalRow(23, t * peers + i, 0.2 * i, 1, grads[i], 0, dimension);
                largest = Math.max(largest, norm(grads[i]));
            }
            ef.step(grads, t, aggregate);
            for (int i = 0; i < peers; i++) {
                float[] sent = ef.sent(i);
                float[] error = ef.error(i);
                double gap = 0;
                double identity = 0;
                for (int d = 0; d < dimension; d++) {
                    gradientSum[i][d] += grads[i][d];
                    sentSum[i][d] += sent[d];
                    gap += Math.pow(gradientSum[i][d] - sentSum[i][d], 2);
                    identity += Math.pow(gradientSum[i][d] - sentSum[i][d] - error[d], 2);
                }
                assertTrue(Math.sqrt(gap) <= q * largest / (1 - q) + 1e-3, "step " + t + " peer " + i);
                assertTrue(Math.sqrt(identity) <= 1e-3, "sum sent + e = sum of gradients, step " + t);
            }
        }
    }

    /** EF21M's momentum filters gradient noise that plain EF21 passes on (Fatkhullin et al. 2023). */
    @Test
    void ef21mAveragesOutGradientNoise() {
        int peers = 4;
        int dimension = 40;
        float[][] truth = new float[peers][dimension];
        for (int i = 0; i < peers; i++) {
            RandomStreams.normalRow(24, i, 0, 1, truth[i], 0, dimension);
        }
        float[] trueMean = new float[dimension];
        PeerMean.of(truth, trueMean);
        CollectiveCompressor topK = CollectiveCompressor.perPeer(new TopK(10));
        EF21 plain = new EF21(peers, dimension, topK);
        EF21M momentum = new EF21M(peers, dimension, 0.1, topK);
        float[][] noisy = new float[peers][dimension];
        float[] aggregate = new float[dimension];
        double plainError = 0;
        double momentumError = 0;
        for (int t = 0; t < 600; t++) {
            for (int i = 0; i < peers; i++) {
                RandomStreams.normalRow(25, t * peers + i, 0, 1, noisy[i], 0, dimension);
                for (int d = 0; d < dimension; d++) {
                    noisy[i][d] += truth[i][d];
                }
            }
            plain.step(noisy, t, aggregate);
            plainError += t >= 100 ? Math.pow(distance(aggregate, trueMean), 2) : 0;
            momentum.step(noisy, t, aggregate);
            momentumError += t >= 100 ? Math.pow(distance(aggregate, trueMean), 2) : 0;
        }
        System.out.printf("EF21 vs EF21M (eta 0.1) mean squared aggregate error: %.4f vs %.4f%n", plainError / 500, momentumError / 500);
        assertTrue(momentumError < 0.5 * plainError, momentumError + " vs " + plainError);
    }

    @Test
    void ef21mMomentumFollowsItsRecursion() {
        float[][] first = {{1, 2}};
        float[][] second = {{3, -2}};
        EF21M ef = new EF21M(1, 2, 0.25, CollectiveCompressor.perPeer(new TopK(1)));
        float[] aggregate = new float[2];
        ef.step(first, 0, aggregate);
        assertArrayEquals(new float[] {1, 2}, ef.momentum(0), "v starts at the first gradient");
        assertArrayEquals(new float[] {0, 2}, ef.sent(0), "Top-1 of v - g");
        ef.step(second, 1, aggregate);
        assertArrayEquals(new float[] {1.5f, 1}, ef.momentum(0), "v = 0.75 v + 0.25 grad");
        assertArrayEquals(new float[] {1.5f, 2}, ef.estimate(0), "Top-1 of (1.5, -1) added to g");
        assertArrayEquals(new float[] {1.5f, 2}, aggregate);
    }

    /** With ARC-Top-K every peer sends the same rows, and the aggregate is the mean of the tracked estimates. */
    @Test
    void ef21WithArcTopKSendsSharedRows() {
        int peers = 5;
        int dimension = 120;
        float[][] grads = new float[peers][dimension];
        for (int i = 0; i < peers; i++) {
            RandomStreams.normalRow(26, i, 0, 1, grads[i], 0, dimension);
        }
        EF21 ef = new EF21(peers, dimension, new ArcTopK(12, 3, 2, 8));
        float[] aggregate = new float[dimension];
        for (int t = 0; t < 3; t++) {
            ef.step(grads, t, aggregate);
            boolean[] support = new boolean[dimension];
            float[] zero = ef.sent(0);
            for (int d = 0; d < dimension; d++) {
                support[d] = zero[d] != 0;
            }
            for (int i = 1; i < peers; i++) {
                float[] sent = ef.sent(i);
                for (int d = 0; d < dimension; d++) {
                    assertEquals(support[d], sent[d] != 0, "peer " + i + " value " + d);
                }
            }
            float[][] estimates = new float[peers][];
            for (int i = 0; i < peers; i++) {
                estimates[i] = ef.estimate(i);
            }
            float[] mean = new float[dimension];
            PeerMean.of(estimates, mean);
            assertArrayEquals(mean, aggregate);
        }
    }
}
