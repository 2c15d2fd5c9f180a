package org.moshsim.metrics;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.moshsim.BadInput;
import org.moshsim.Measure;

/**
 * {@code runs.journal}: the finished runs of a sweep, appended one record each as they finish, so that a killed
 * sweep loses only the runs in progress. Each record is framed by its length and a CRC-32C of its bytes; a torn
 * last record (the process died while writing it) is cut off when the journal is opened again. Doubles are
 * stored as their bits, so a run read back writes the same bytes into metrics.csv as the run itself.
 * The first record, the header, says which config and which build of moshsim the runs belong to.
 */
public final class RunJournal implements AutoCloseable {
    public static final String FILE = "runs.journal";
    private static final byte[] MAGIC = "MOSHSIM-RUNS-2\n".getBytes(StandardCharsets.US_ASCII);
    /** Forces the file to the disk at most this often while runs are appended (always when closed). */
    private static final long SYNC_NANOS = 1_000_000_000L;

    /**
     * What the runs belong to.
     *
     * @param build the moshsim version and commit that made the runs
     * @param definition the config's keys that decide what runs compute, as canonical JSON (see {@link #definition})
     * @param config the resolved config as YAML, from which {@code moshsim merge} rebuilds the experiment
     * @param shard the shard this journal's runs are, such as {@code 2/4}, or "" for all of them
     */
    public record Header(String build, String definition, String config, String shard) {
        /** The hash of the build and the definition, which names a run together with its point, protocol and seed. */
        public String fingerprint() {
            return sha256(build + "\n" + definition);
        }

        /** The same header for another shard ("" for the whole sweep). */
        public Header withShard(String other) {
            return new Header(build, definition, config, other);
        }
    }

    /** A finished run: its key, the backend that computed it and its measurements, identified. */
    public record Entry(String key, String backend, Series series) {
    }

    /** What a journal holds: its header and its runs, oldest first; {@code valid} bytes of it are intact. */
    public record Contents(Header header, List<Entry> entries, long valid) {
    }

    private final Path file;
    private final FileChannel channel;
    private long lastSync = System.nanoTime();
    private int appended;

    private RunJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** The key of a run: a hash of the header's fingerprint and the run's point, protocol and seed. */
    public static String key(Header header, Map<String, String> coordinates, String protocol, int seed) {
        StringBuilder text = new StringBuilder(header.fingerprint()).append('\n').append(protocol).append('\n').append(seed);
        coordinates.forEach((k, v) -> text.append('\n').append(k).append('=').append(v));
        return sha256(text.toString()).substring(0, 32);
    }

    /** Canonical JSON of a config's keys (maps sorted by key), so that the order they were written in does not matter. */
    public static String definition(Map<String, Object> keys) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(keys);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a resolved config holds only plain values", e);
        }
    }

    /** Reads a journal; null when there is none. */
    public static Contents read(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new BadInput(file + ": not a moshsim runs journal; remove it or give another --out");
            }
            DataInputStream data = new DataInputStream(in);
            long valid = MAGIC.length;
            Header header = null;
            List<Entry> entries = new ArrayList<>();
            byte[] payload;
            while ((payload = frame(data)) != null) {
                DataInputStream record = new DataInputStream(new java.io.ByteArrayInputStream(payload));
                if (header == null) {
                    header = new Header(string(record), string(record), string(record), string(record));
                } else {
                    entries.add(entry(record));
                }
                valid += payload.length + 8L;
            }
            if (header == null) {
                throw new BadInput(file + ": a runs journal without its header; remove it or run with --fresh");
            }
            return new Contents(header, entries, valid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens a journal for appending: a new one starting with {@code header}, or an existing one with its torn
     * tail cut off (its header must be checked by the caller first).
     */
    public static RunJournal open(Path file, Header header) {
        try {
            Contents existing = read(file);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            RunJournal journal = new RunJournal(file, channel);
            if (existing == null) {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(MAGIC));
                journal.write(record(out -> {
                    for (String field : List.of(header.build(), header.definition(), header.config(), header.shard())) {
                        string(out, field);
                    }
                }));
            } else {
                channel.truncate(existing.valid());
                channel.position(existing.valid());
            }
            channel.force(true);
            return journal;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Replaces a journal with one of {@code entries} in this order, written beside it and renamed over it. */
    public static void rewrite(Path file, Header header, List<Entry> entries) {
        Path fresher = file.resolveSibling(file.getFileName() + ".new");
        try {
            Files.deleteIfExists(fresher);
            try (RunJournal journal = open(fresher, header)) {
                entries.forEach(journal::append);
            }
            Files.move(fresher, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends a finished run; it survives a killed process at once, and a lost machine within a second. */
    public synchronized void append(Entry entry) {
        try {
            write(record(out -> {
                Series s = entry.series();
                string(out, entry.key());
                string(out, entry.backend());
                string(out, s.protocol());
                out.writeInt(s.seed());
                string(out, s.stop().column());
                out.writeInt(s.coordinates().size());
                for (Map.Entry<String, String> c : s.coordinates().entrySet()) {
                    string(out, c.getKey());
                    string(out, c.getValue());
                }
                out.writeInt(s.measures().size());
                for (Measure m : s.measures()) {
                    string(out, m.column());
                }
                out.writeInt(s.size());
                for (double[] column : columns(s)) {
                    for (double v : column) {
                        out.writeLong(Double.doubleToRawLongBits(v));
                    }
                }
            }));
            appended++;
            if (System.nanoTime() - lastSync > SYNC_NANOS) {
                channel.force(false);
                lastSync = System.nanoTime();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** How many runs this process appended. */
    public synchronized int appended() {
        return appended;
    }

    /** Forces every appended run to the disk. */
    public synchronized void sync() {
        try {
            if (channel.isOpen()) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (channel.isOpen()) {
                channel.force(false);
                channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private interface Body {
        void writeTo(DataOutputStream out) throws IOException;
    }

    /** A record: its length, its bytes and their CRC-32C, written with one call so a kill tears at most this one. */
    private static ByteBuffer record(Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0);
        body.writeTo(out);
        out.writeInt(0);
        ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
        int length = buffer.capacity() - 8;
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 4, length);
        buffer.putInt(0, length);
        buffer.putInt(4 + length, (int) crc.getValue());
        return buffer;
    }

    private void write(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** The next record's bytes, or null at the end or at a torn or corrupt record. */
    private static byte[] frame(DataInputStream in) throws IOException {
        try {
            int length = in.readInt();
            if (length < 0 || length > Integer.MAX_VALUE - 16) {
                return null;
            }
            byte[] payload = in.readNBytes(length);
            if (payload.length < length) {
                return null;
            }
            int stored = in.readInt();
            CRC32C crc = new CRC32C();
            crc.update(payload);
            return (int) crc.getValue() == stored ? payload : null;
        } catch (EOFException e) {
            return null;
        }
    }

    private static Entry entry(DataInputStream in) throws IOException {
        String key = string(in);
        String backend = string(in);
        String protocol = string(in);
        int seed = in.readInt();
        Series.Stop stop = Series.Stop.ofColumn(string(in));
        Map<String, String> coordinates = new LinkedHashMap<>();
        for (int c = in.readInt(); c > 0; c--) {
            coordinates.put(string(in), string(in));
        }
        List<Measure> measures = new ArrayList<>();
        for (int m = in.readInt(); m > 0; m--) {
            measures.add(Measure.ofColumn(string(in)));
        }
        int size = in.readInt();
        double[][] columns = new double[4 + measures.size()][size];
        for (double[] column : columns) {
            for (int k = 0; k < size; k++) {
                column[k] = Double.longBitsToDouble(in.readLong());
            }
        }
        double[][] values = java.util.Arrays.copyOfRange(columns, 4, columns.length);
        return new Entry(key, backend, new Series(coordinates, protocol, seed, columns[0], columns[1], columns[2], columns[3],
                measures, values, stop));
    }

    private static List<double[]> columns(Series s) {
        List<double[]> columns = new ArrayList<>(List.of(s.round(), s.time(), s.bytes(), s.bytesPeerMax()));
        columns.addAll(List.of(s.values()));
        return columns;
    }

    private static void string(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String string(DataInputStream in) throws IOException {
        int length = in.readInt();
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
