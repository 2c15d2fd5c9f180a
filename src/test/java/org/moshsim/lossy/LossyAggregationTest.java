package org.moshsim.lossy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.moshsim.random.RandomStreams;

class LossyAggregationTest {
    private static final PacketLayout LAYOUT = new PacketLayout(4);
    private static final LossyAggregation ZERO_FILL = new LossyAggregation.ZeroFill();
    private static final LossyAggregation RECEIVED_ONLY = new LossyAggregation.ReceivedOnly();
    private static final LossyAggregation RETRANSMISSION = new LossyAggregation.Retransmission();

    /** N rows of D values around 5, so a shrink toward 0 is visible. */
    private static float[][] rows(int peers, int dim) {
        float[][] rows = new float[peers][dim];
        for (int i = 0; i < peers; i++) {
            RandomStreams.normalRow(31, i, 5.0, 1.0, rows[i], 0, dim);
        }
        return rows;
    }

    @Test
    void withoutLossEveryRuleGivesTheExactMean() {
        float[][] rows = rows(6, 30);
        double[] mean = ModelDrift.average(rows);
        for (LossyAggregation rule : new LossyAggregation[] {ZERO_FILL, RECEIVED_ONLY, RETRANSMISSION}) {
            for (int aggregator : new int[] {PacketLoss.EXTERNAL, 2}) {
                Aggregate a = rule.aggregate(rows, aggregator, BernoulliLoss.NONE, LAYOUT, 1, 0, null);
                assertArrayEquals(mean, a.values(), 1e-12, rule + " at " + aggregator);
                assertEquals(0, a.lost());
                assertEquals(a.packets(), a.sends());
                assertEquals(1, a.rounds());
            }
        }
    }

    /**
     * External aggregator, p = 0.3, fixed rows: averaged over rounds, received-only is within 4 standard errors of
     * the true mean at every coordinate, zero-fill within 4 standard errors of (1 - p) x mean and far from the mean.
     */
    @Test
    void receivedOnlyIsUnbiasedWhileZeroFillShrinksByOneMinusP() {
        double p = 0.3;
        int peers = 8;
        int dim = 24;
        int rounds = 3000;
        float[][] rows = rows(peers, dim);
        double[] mean = ModelDrift.average(rows);
        PacketLoss loss = new BernoulliLoss(p);
        double[][] sums = new double[2][dim];
        double[][] squares = new double[2][dim];
        LossyAggregation[] rules = {RECEIVED_ONLY, ZERO_FILL};
        for (int t = 0; t < rounds; t++) {
            for (int r = 0; r < 2; r++) {
                double[] v = rules[r].aggregate(rows, PacketLoss.EXTERNAL, loss, LAYOUT, 8, t, null).values();
                for (int j = 0; j < dim; j++) {
                    sums[r][j] += v[j];
                    squares[r][j] += v[j] * v[j];
                }
            }
        }
        for (int j = 0; j < dim; j++) {
            double[] average = new double[2];
            double[] standardError = new double[2];
            for (int r = 0; r < 2; r++) {
                average[r] = sums[r][j] / rounds;
                standardError[r] = Math.sqrt((squares[r][j] / rounds - average[r] * average[r]) / rounds);
            }
            assertEquals(mean[j], average[0], 4 * standardError[0], "received-only, coordinate " + j);
            assertEquals((1 - p) * mean[j], average[1], 4 * standardError[1], "zero-fill, coordinate " + j);
            assertTrue(Math.abs(average[1] - mean[j]) > 20 * standardError[1], "zero-fill should be visibly biased");
        }
    }

    /**
     * A peer aggregator always counts its own row, so received-only weighs it E[1 / (1 + K)] with
     * K ~ Binomial(N - 1, 1 - p): (1 - p^N) / (N (1 - p)), more than 1 / N.
     */
    @Test
    void peerAggregatorOverweightsItsOwnRowAsTheBinomialFormulaSays() {
        double p = 0.4;
        int peers = 5;
        int dim = 4000;
        float[][] rows = new float[peers][dim];
        java.util.Arrays.fill(rows[0], 1f);
        Aggregate a = RECEIVED_ONLY.aggregate(rows, 0, new BernoulliLoss(p), new PacketLayout(1), 3, 0, null);
        double sum = 0;
        double squares = 0;
        for (double v : a.values()) {
            sum += v;
            squares += v * v;
        }
        double weight = sum / dim;
        double standardError = Math.sqrt((squares / dim - weight * weight) / dim);
        double expected = (1 - Math.pow(p, peers)) / (peers * (1 - p));
        assertEquals(expected, weight, 4 * standardError);
        assertTrue(expected > 1.0 / peers + 8 * standardError);
    }

    /** Every packet arrives; tries per packet are geometric, so sends per packet average 1 / (1 - p). */
    @Test
    void retransmissionDeliversTheExactMeanAtOneOverOneMinusPSendsPerPacket() {
        double p = 0.25;
        int peers = 16;
        int dim = 4000;
        float[][] rows = rows(peers, dim);
        Aggregate a = RETRANSMISSION.aggregate(rows, PacketLoss.EXTERNAL, new BernoulliLoss(p), LAYOUT, 4, 0, null);
        assertArrayEquals(ModelDrift.average(rows), a.values(), 1e-12);
        long packets = (long) peers * LAYOUT.packets(dim);
        assertEquals(packets, a.packets());
        assertEquals(a.lost(), a.extraSends());
        double standardError = Math.sqrt(p / ((1 - p) * (1 - p)) / packets);
        assertEquals(1 / (1 - p), a.sendsPerPacket(), 4 * standardError);
        assertTrue(a.rounds() > 1);
    }

    /** Where no contribution of a packet arrived, received-only keeps the fallback (e.g. the previous aggregate). */
    @Test
    void receivedOnlyKeepsTheFallbackWhereNothingArrived() {
        float[][] rows = rows(3, 8);
        float[] previous = {1, 2, 3, 4, 5, 6, 7, 8};
        Aggregate a = RECEIVED_ONLY.aggregate(rows, PacketLoss.EXTERNAL, new BernoulliLoss(1), LAYOUT, 1, 0, previous);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, a.values());
        assertArrayEquals(new int[] {0, 0}, a.arrivals());
    }
}
