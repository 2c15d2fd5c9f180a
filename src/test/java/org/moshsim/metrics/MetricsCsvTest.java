package org.moshsim.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {
    @Test
    void writesTidyRowsAndReadsThemBack(@TempDir Path dir) {
        MetricsTable table = new MetricsTable(List.of("peers", "failures.p"), List.of(
                new Series(Map.of("peers", "8", "failures.p", "0.5"), "moshpit keys", 0, new double[] {1.0, 1e-300, 0}),
                new Series(Map.of("peers", "8", "failures.p", "0.5"), "moshpit keys", 1, new double[] {0.5, Math.PI, 1e-17})));
        MetricsCsv.write(dir, table);
        MetricsTable back = MetricsCsv.read(dir);
        assertEquals(table.sweptKeys(), back.sweptKeys());
        assertEquals(2, back.series().size());
        for (int s = 0; s < 2; s++) {
            assertEquals(table.series().get(s).coordinates(), back.series().get(s).coordinates());
            assertEquals(table.series().get(s).protocol(), back.series().get(s).protocol());
            assertEquals(table.series().get(s).seed(), back.series().get(s).seed());
            assertArrayEquals(table.series().get(s).mse(), back.series().get(s).mse(), "exact round trip");
        }
    }
}
