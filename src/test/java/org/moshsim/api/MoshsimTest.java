package org.moshsim.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.moshsim.BadInput;
import org.moshsim.Measure;
import org.moshsim.config.Experiment;
import org.moshsim.metrics.Series;
import org.moshsim.report.Summary;
import org.moshsim.report.TimeTo;

/** The paper's averaging table, run from Java through the embedding API, and an experiment built in code. */
class MoshsimTest {
    private final Moshsim moshsim = Moshsim.create();

    @Test
    void runsThePaperTableFromJava() {
        Experiment table = moshsim.load(Path.of("experiments/averaging/paper-table.yaml"), 3);
        Results results = moshsim.run(table, Moshsim.Options.DEFAULT.withThreads(2));
        assertEquals(4 * 4 * 6 * 3, results.series().size(), "peers x failure rates x protocols x seeds");
        assertEquals(4 * 4 * 6, results.summary().size());
        // Without failures on a full 32 x 32 grid, Moshpit gives the exact average after d = 2 rounds, all-reduce after one
        // (Moshpit SGD, Sect. 3.1); rounds to 1e-9 is the second target.
        Map<String, String> full = Map.of("peers", "1024", "failures.p", "0");
        assertExactlyIn(results.row(full, "moshpit"), 2.0);
        assertExactlyIn(results.row(full, "all-reduce"), 1.0);
        // Random groups of 32 contract the error by (r - 1) / (N - 1) = 31 / 1023 a round: from 1 to 1e-9 in about 6 rounds.
        TimeTo random = results.row(full, "random-groups").roundsTo().get(1);
        assertTrue(random.reached() == 3 && random.value() > 5 && random.value() < 7.5, random.toString());
        // With failures all-reduce almost never completes (0.995^1024 = 0.6% of rounds), while Moshpit still gets there.
        Map<String, String> failing = Map.of("peers", "1024", "failures.p", "0.005");
        assertTrue(results.row(failing, "all-reduce").roundsTo().get(1).reached() < 3);
        assertEquals(3, results.row(failing, "moshpit").roundsTo().get(1).reached());
        // A series is a run's measurements: round 0 is the initial state.
        Series first = results.series().get(0);
        assertEquals(51, first.size(), "rounds 0 .. 50");
        assertEquals(0, first.round()[0]);
        assertTrue(first.values(Measure.MSE)[0] > 0.5, "N(0, 1) values start about 1 from their mean");
    }

    private static void assertExactlyIn(Summary.Row row, double rounds) {
        TimeTo exact = row.roundsTo().get(1);
        assertEquals(TimeTo.Kind.MEAN, exact.kind(), row.protocol());
        assertEquals(rounds, exact.value(), row.protocol());
        assertEquals(3, exact.reached(), row.protocol());
    }

    @Test
    void buildsAnExperimentInCodeWithTheSameChecks() {
        Experiment built = moshsim.build("mine", Map.of("name", "mine", "peers", List.of(16, 64), "rounds", 4,
                "protocols", List.of(Map.of("type", "moshpit", "grid", List.of(8, 8)), Map.of("type", "all-reduce"))));
        Results results = moshsim.run(built, Moshsim.Options.DEFAULT.withThreads(1));
        assertEquals(List.of("peers"), built.sweptKeys());
        assertEquals(4, results.summary().size());
        assertEquals(1.0, results.row(Map.of("peers", "64"), "all-reduce").roundsTo().get(1).value());
        BadInput error = assertThrows(BadInput.class, () -> moshsim.build("mine", Map.of("name", "mine", "peers", 16,
                "protocols", List.of(Map.of("type", "moshpit", "grid", List.of(2, 2))))));
        assertTrue(error.getMessage().startsWith("mine:") && error.getMessage().contains("protocols[0].grid: 2x2 has 4 cells but "
                + "peers is 16"), error.getMessage());
    }

    @Test
    void theSameSeedsGiveTheSameNumbersWhateverTheThreads() {
        Experiment figure = moshsim.load(Path.of("experiments/averaging/paper-figure.yaml"), 2);
        List<Series> one = moshsim.run(figure, Moshsim.Options.DEFAULT.withThreads(1)).series();
        List<Series> two = moshsim.run(figure, Moshsim.Options.DEFAULT.withThreads(2)).series();
        for (int i = 0; i < one.size(); i++) {
            assertTrue(java.util.Arrays.equals(one.get(i).mse(), two.get(i).mse()), one.get(i).protocol());
        }
    }
}
