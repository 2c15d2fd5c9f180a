package org.moshsim.lossy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ParameterBroadcastTest {
    @Test
    void lostPacketsKeepStaleValuesExactlyAndArrivedOnesTakeTheSource() {
        PacketLayout layout = new PacketLayout(3);
        PacketLoss loss = new GilbertElliottLoss(0.1, 0.3, 0.05, 0.8);
        int dim = 100;
        float[] source = new float[dim];
        for (int j = 0; j < dim; j++) {
            source[j] = j + 0.5f;
        }
        float[][] replicas = new float[6][dim];
        for (int r = 0; r < replicas.length; r++) {
            java.util.Arrays.fill(replicas[r], -r - 1f);
        }
        int sender = 2;
        int[] lostCounts = ParameterBroadcast.broadcast(source, replicas, sender, loss, layout, 17, 9);
        int totalLost = 0;
        for (int r = 0; r < replicas.length; r++) {
            boolean[] lost = r == sender ? new boolean[layout.packets(dim)] : loss.lost(17, sender, r, 9, layout.packets(dim));
            int count = 0;
            for (int k = 0; k < lost.length; k++) {
                count += lost[k] ? 1 : 0;
                for (int j = layout.start(k); j < layout.end(k, dim); j++) {
                    assertEquals(lost[k] ? -r - 1f : source[j], replicas[r][j], "replica " + r + " value " + j);
                }
            }
            assertEquals(count, lostCounts[r]);
            totalLost += count;
        }
        assertEquals(0, lostCounts[sender]);
        assertTrue(totalLost > 0, "the test needs some loss");
    }

    /**
     * Bounded drift: the source moves by 1 per round; a replica's coordinate lags by its age A, geometric with
     * P(A = k) = (1 - p) p^k, so the mean squared lag settles at E[A^2] = p (1 + p) / (1 - p)^2 instead of growing.
     */
    @Test
    void staleLagStaysAtTheGeometricAgesSecondMoment() {
        double p = 0.2;
        PacketLoss loss = new BernoulliLoss(p);
        PacketLayout layout = new PacketLayout(1);
        int dim = 400;
        int replicas = 10;
        float[] source = new float[dim];
        float[][] models = new float[replicas][dim];
        for (int t = 1; t <= 80; t++) {
            java.util.Arrays.fill(source, t);
            ParameterBroadcast.broadcast(source, models, PacketLoss.EXTERNAL, loss, layout, 21, t);
        }
        double sum = 0;
        double squares = 0;
        int n = 0;
        for (float[] model : models) {
            for (int j = 0; j < dim; j++) {
                double lagSquared = (double) (source[j] - model[j]) * (source[j] - model[j]);
                sum += lagSquared;
                squares += lagSquared * lagSquared;
                n++;
            }
        }
        double mean = sum / n;
        double standardError = Math.sqrt((squares / n - mean * mean) / n);
        assertEquals(p * (1 + p) / ((1 - p) * (1 - p)), mean, 4 * standardError);
        double[] sourceAsDouble = new double[dim];
        java.util.Arrays.fill(sourceAsDouble, 80);
        assertEquals(sum / replicas, java.util.stream.Stream.of(models)
                .mapToDouble(m -> ModelDrift.squaredDistance(m, sourceAsDouble)).sum() / replicas, 1e-9);
    }

    @Test
    void driftIsTheMeanSquaredDistanceToTheAverage() {
        float[][] models = {{0, 0}, {2, 2}, {1, 4}};
        // average (1, 2): squared distances 5, 1, 4.
        assertEquals(10.0 / 3, ModelDrift.meanSquaredDistanceToAverage(models), 1e-12);
        assertEquals(0.0, ModelDrift.meanSquaredDistanceToAverage(new float[][] {{3, 1}, {3, 1}}));
    }
}
