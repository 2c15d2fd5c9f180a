package org.moshsim.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moshsim.Measure;
import org.moshsim.backend.Backends;
import org.moshsim.config.Experiment;
import org.moshsim.config.ExperimentReader;
import org.moshsim.metrics.Series;
import org.moshsim.protocol.Protocols;

/**
 * Synchronous runs measured every k rounds or at sample times: the rows kept are those of a run measured every round
 * (measuring changes nothing), the first and the last always among them.
 */
class RecordedRoundsTest {
    private static final String TRAINING = String.join("\n",
            "name: t",
            "peers: 8",
            "rounds: 23",
            "seeds: 1",
            "training: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 0.1s}",
            "swarm: {bandwidth: 1Gbit/s, latency: 1ms}",
            "network: {payload: 1MB}",
            "protocols:",
            "  - {type: all-reduce}",
            "  - {type: moshpit, grid: [2, 4]}",
            "");

    private static List<Series> run(String timing) {
        Experiment experiment = ExperimentReader.parse("t.yaml", TRAINING + timing, null, Protocols.catalogue());
        return ExperimentRunner.run(experiment, Backends.CPU, 2, finished -> { }).series();
    }

    @Test
    void everyKthRoundKeepsTheRowsOfAFullRecord() {
        List<Series> full = run("");
        List<Series> thinned = run("timing: {every: 5}\n");
        assertEquals(full.size(), thinned.size());
        for (int s = 0; s < full.size(); s++) {
            assertArrayEquals(new double[] {0, 5, 10, 15, 20, 23}, thinned.get(s).round());
            assertKept(full.get(s), thinned.get(s));
        }
    }

    @Test
    void sampleTimesKeepTheFirstRoundEndingAtOrAfterEach() {
        List<Series> full = run("");
        List<Series> sampled = run("timing: {sample: 1s, record: sample}\n");
        for (int s = 0; s < full.size(); s++) {
            Series all = full.get(s);
            Series kept = sampled.get(s);
            assertTrue(kept.size() < all.size() && kept.size() > 2, "some rounds measured: " + kept.size());
            assertKept(all, kept);
            // A round is measured exactly when it ends past a sample time that the last measured round had not reached.
            double measuredAt = 0;
            int k = 1;
            for (int r = 1; r < all.last(); r++) {
                boolean crosses = Math.floor(all.time()[r]) > Math.floor(measuredAt);
                boolean measured = kept.round()[k] == r;
                assertEquals(crosses, measured, "round " + r + " at " + all.time()[r] + "s, last measured at " + measuredAt + "s");
                if (measured) {
                    measuredAt = all.time()[r];
                    k++;
                }
            }
        }
    }

    /** Every row of {@code kept} is the row of {@code all} for its round, bit for bit; the first and last are kept. */
    private static void assertKept(Series all, Series kept) {
        assertEquals(0, kept.round()[0]);
        assertEquals(all.round()[all.last()], kept.round()[kept.last()]);
        for (int k = 0; k < kept.size(); k++) {
            int r = (int) kept.round()[k];
            assertEquals(all.time()[r], kept.time()[k]);
            assertEquals(all.bytes()[r], kept.bytes()[k]);
            for (Measure measure : all.measures()) {
                assertEquals(all.values(measure)[r], kept.values(measure)[k], measure + " at round " + r);
            }
        }
    }
}
