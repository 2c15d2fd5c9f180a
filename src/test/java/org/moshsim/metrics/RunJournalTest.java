package org.moshsim.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moshsim.Measure;

class RunJournalTest {
    private static final RunJournal.Header HEADER = new RunJournal.Header("0.1.0 (commit abc)", "{\"peers\":16}", "name: x\n", "");

    private static Series series(int seed, double scale) {
        Recorder recorder = new Recorder(List.of(Measure.MSE, Measure.SPREAD));
        for (int k = 0; k < 5; k++) {
            recorder.record(k, k * 0.1 * scale, 1e12 * k, 3.0 * k, Math.exp(-k * scale), k == 3 ? Double.NaN : -0.0);
        }
        return recorder.series().identified(Map.of("peers", "16"), "moshpit", seed);
    }

    @Test
    void runsReadBackBitForBit(@TempDir Path tmp) {
        Path file = tmp.resolve(RunJournal.FILE);
        try (RunJournal journal = RunJournal.open(file, HEADER)) {
            journal.append(new RunJournal.Entry("k0", "cpu", series(0, 1)));
            journal.append(new RunJournal.Entry("k1", "cuda", series(1, Math.PI)));
        }
        RunJournal.Contents contents = RunJournal.read(file);
        assertEquals(HEADER, contents.header());
        assertEquals(2, contents.entries().size());
        RunJournal.Entry second = contents.entries().get(1);
        assertEquals("cuda", second.backend());
        Series expected = series(1, Math.PI);
        assertEquals(expected.coordinates(), second.series().coordinates());
        assertEquals(1, second.series().seed());
        assertArrayEquals(expected.time(), second.series().time());
        for (int m = 0; m < 2; m++) {
            for (int k = 0; k < 5; k++) {
                assertEquals(Double.doubleToRawLongBits(expected.values()[m][k]),
                        Double.doubleToRawLongBits(second.series().values()[m][k]), "bits of measure " + m + " at " + k);
            }
        }
    }

    /** A process killed while appending leaves a torn record: reading stops before it, opening again cuts it off. */
    @Test
    void aTornLastRecordIsCutOff(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve(RunJournal.FILE);
        try (RunJournal journal = RunJournal.open(file, HEADER)) {
            journal.append(new RunJournal.Entry("k0", "cpu", series(0, 1)));
            journal.append(new RunJournal.Entry("k1", "cpu", series(1, 2)));
        }
        long whole = Files.size(file);
        for (long cut : new long[] {whole - 1, whole - 50, whole - 200}) {
            Path torn = tmp.resolve("torn-" + cut);
            Files.copy(file, torn);
            try (FileChannel channel = FileChannel.open(torn, StandardOpenOption.WRITE)) {
                channel.truncate(cut);
            }
            assertEquals(1, RunJournal.read(torn).entries().size(), "cut at " + cut);
            try (RunJournal again = RunJournal.open(torn, HEADER)) {
                again.append(new RunJournal.Entry("k2", "cpu", series(2, 3)));
            }
            List<RunJournal.Entry> entries = RunJournal.read(torn).entries();
            assertEquals(List.of("k0", "k2"), entries.stream().map(RunJournal.Entry::key).toList());
        }
        // A flipped bit in the last record fails its checksum: that record is dropped, the one before kept.
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 20] ^= 1;
        Files.write(file, bytes);
        assertEquals(1, RunJournal.read(file).entries().size());
    }

    @Test
    void keysNameTheRunAndItsBuild() {
        String key = RunJournal.key(HEADER, Map.of("peers", "16"), "moshpit", 0);
        assertEquals(key, RunJournal.key(HEADER, Map.of("peers", "16"), "moshpit", 0));
        assertNotEquals(key, RunJournal.key(HEADER, Map.of("peers", "16"), "moshpit", 1));
        assertNotEquals(key, RunJournal.key(HEADER, Map.of("peers", "32"), "moshpit", 0));
        assertNotEquals(key, RunJournal.key(new RunJournal.Header("0.1.1 (commit def)", HEADER.definition(), "", ""),
                Map.of("peers", "16"), "moshpit", 0));
        assertEquals(key, RunJournal.key(HEADER.withShard("2/4"), Map.of("peers", "16"), "moshpit", 0), "shards share keys");
        assertEquals(RunJournal.definition(Map.of("a", 1, "b", List.of(2, 3))),
                RunJournal.definition(new java.util.TreeMap<>(Map.of("b", List.of(2, 3), "a", 1))), "key order does not matter");
    }
}
