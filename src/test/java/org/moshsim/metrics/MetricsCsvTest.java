package org.moshsim.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moshsim.Measure;

class MetricsCsvTest {
    private static final List<Measure> MSE = List.of(Measure.MSE);

    @Test
    void writesTidyRowsAndReadsThemBack(@TempDir Path dir) {
        Map<String, String> point = Map.of("peers", "8", "failures.p", "0.5");
        MetricsTable table = new MetricsTable(List.of("peers", "failures.p"), List.of(
                new Series(point, "moshpit keys", 0, new double[] {0, 1, 2}, new double[] {0, 0.25, 1e-3 / 3},
                        new double[] {0, 4e8, 8e8}, new double[] {0, 1e8, 2.5e8}, MSE, new double[][] {{1.0, 1e-300, 0}}),
                new Series(point, "moshpit keys", 1, new double[] {0, 0.5, 1.25}, new double[] {0, 1, 2},
                        new double[] {0, 3, 1e20}, new double[] {0, 1, 2}, MSE, new double[][] {{0.5, Math.PI, 1e-17}}),
                new Series(point, "gossip", 1, new double[] {0}, new double[] {0}, new double[] {0}, new double[] {0},
                        MSE, new double[][] {{0.5}})));
        MetricsCsv.write(dir, table);
        MetricsTable back = MetricsCsv.read(dir);
        assertEquals(table.sweptKeys(), back.sweptKeys());
        assertEquals(3, back.series().size());
        for (int s = 0; s < 3; s++) {
            Series expected = table.series().get(s);
            Series actual = back.series().get(s);
            assertEquals(expected.coordinates(), actual.coordinates());
            assertEquals(expected.protocol(), actual.protocol());
            assertEquals(expected.seed(), actual.seed());
            assertArrayEquals(expected.round(), actual.round(), "exact round trip");
            assertArrayEquals(expected.time(), actual.time());
            assertArrayEquals(expected.bytes(), actual.bytes());
            assertArrayEquals(expected.bytesPeerMax(), actual.bytesPeerMax());
            assertArrayEquals(expected.mse(), actual.mse());
        }
    }

    @Test
    void trainingMeasuresRoundTrip(@TempDir Path dir) {
        List<Measure> measures = List.of(Measure.LOSS, Measure.ACCURACY, Measure.SPREAD, Measure.UTILISATION);
        MetricsTable table = new MetricsTable(List.of(), List.of(new Series(Map.of(), "sgp", 0, new double[] {0, 1},
                new double[] {0, 2.5}, new double[] {0, 1e8}, new double[] {0, 1e8}, measures,
                new double[][] {{2.3, 0.4}, {0.1, 0.9}, {0, 1e-3}, {0, 0.75}})));
        MetricsCsv.write(dir, table);
        MetricsTable back = MetricsCsv.read(dir);
        assertEquals(List.of(), back.sweptKeys(), "measure columns are not swept keys");
        assertEquals(measures, back.measures());
        assertArrayEquals(new double[] {0.1, 0.9}, back.series().get(0).values(Measure.ACCURACY));
    }
}
