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

    /** Why each run stopped travels with it; a file written before moshsim recorded it reads as unrecorded. */
    @Test
    void stopsRoundTripAndOldFilesReadWithout(@TempDir Path dir) throws java.io.IOException {
        MetricsTable table = new MetricsTable(List.of(), List.of(
                new Series(Map.of(), "a", 0, new double[] {0, 1}, new double[] {0, 1}, new double[2], new double[2], MSE,
                        new double[][] {{1, 0.5}}, Series.Stop.ROUNDS),
                new Series(Map.of(), "a", 1, new double[] {0, 1}, new double[] {0, 1}, new double[2], new double[2], MSE,
                        new double[][] {{1, 0.5}}, Series.Stop.HORIZON)));
        MetricsCsv.write(dir, table);
        MetricsTable back = MetricsCsv.read(dir);
        assertEquals(List.of(), back.sweptKeys(), "stopped_by is no swept key");
        assertEquals(Series.Stop.ROUNDS, back.series().get(0).stop());
        assertEquals(Series.Stop.HORIZON, back.series().get(1).stop());
        java.nio.file.Files.writeString(dir.resolve(MetricsCsv.FILE), "protocol,seed,round,time_s,bytes,bytes_peer_max,mse\n"
                + "a,0,0,0,0,0,1\na,0,1,1,0,0,0.5\n");
        assertEquals(Series.Stop.UNRECORDED, MetricsCsv.read(dir).series().get(0).stop());
    }
}
