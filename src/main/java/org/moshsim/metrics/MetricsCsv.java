package org.moshsim.metrics;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.moshsim.BadInput;
import org.moshsim.Measure;

/**
 * {@code metrics.csv}: one row per run and measurement, columns {@code protocol}, one per swept key (named by its
 * key path), {@code seed}, {@code stopped_by} (why the run stopped: {@code rounds} or {@code horizon}; absent in files of
 * older versions), {@code round}, {@code time_s}, {@code bytes}, {@code bytes_peer_max}, then one per measure ({@code mse}; or {@code loss}, {@code accuracy}, ... in training).
 * Numbers are written in Java's shortest round-trip form (whole numbers without a fraction), so the file is
 * byte-identical for the same seed.
 */
public final class MetricsCsv {
    public static final String FILE = "metrics.csv";
    private static final List<String> STEPS = List.of("round", "time_s", "bytes", "bytes_peer_max");
    private static final List<String> FIXED = List.of("protocol", "seed", "round", "time_s", "bytes", "bytes_peer_max");
    private static final String STOPPED_BY = "stopped_by";

    private MetricsCsv() {
    }

    public static void write(Path dir, MetricsTable table) {
        List<String> header = new ArrayList<>();
        header.add("protocol");
        header.addAll(table.sweptKeys());
        header.add("seed");
        header.add(STOPPED_BY);
        header.addAll(STEPS);
        List<Measure> measures = table.measures();
        measures.forEach(m -> header.add(m.column()));
        AtomicFiles.writeText(dir.resolve(FILE), out -> {
            CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
            csv.printRecord(header);
            List<Object> row = new ArrayList<>(header.size());
            for (Series s : table.series()) {
                for (int k = 0; k < s.size(); k++) {
                    row.clear();
                    row.add(s.protocol());
                    for (String key : table.sweptKeys()) {
                        row.add(s.coordinates().get(key));
                    }
                    row.add(s.seed());
                    row.add(s.stop().column());
                    row.add(number(s.round()[k]));
                    row.add(number(s.time()[k]));
                    row.add(number(s.bytes()[k]));
                    row.add(number(s.bytesPeerMax()[k]));
                    for (double[] values : s.values()) {
                        row.add(Double.toString(values[k]));
                    }
                    csv.printRecord(row);
                }
            }
            csv.flush();
        });
    }

    /** Reads a metrics.csv back into series; a column that is neither fixed nor a measure is a swept key. */
    public static MetricsTable read(Path dir) {
        Path file = dir.resolve(FILE);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser csv = CSVParser.parse(reader, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            List<String> header = csv.getHeaderNames();
            List<Measure> measures = header.stream().map(Measure::ofColumn).filter(java.util.Objects::nonNull).toList();
            if (!header.containsAll(FIXED) || measures.isEmpty()) {
                throw new BadInput(file + ": not a moshsim metrics file; expected the columns " + String.join(", ", FIXED)
                        + " and a measure such as mse");
            }
            List<String> swept = swept(header);
            boolean stops = header.contains(STOPPED_BY);
            List<Series> series = new ArrayList<>();
            Recorder run = null;
            Series identity = null;
            Series.Stop stop = Series.Stop.UNRECORDED;
            for (CSVRecord record : csv) {
                Map<String, String> c = new LinkedHashMap<>();
                swept.forEach(key -> c.put(key, record.get(key)));
                Series id = new Series(c, record.get("protocol"), Integer.parseInt(record.get("seed")), null, null, null, null,
                        measures, null);
                if (identity == null || !sameRun(identity, id)) {
                    if (run != null) {
                        series.add(run.series(stop).identified(identity.coordinates(), identity.protocol(), identity.seed()));
                    }
                    run = new Recorder(measures);
                    identity = id;
                    stop = stops ? Series.Stop.ofColumn(record.get(STOPPED_BY)) : Series.Stop.UNRECORDED;
                }
                double[] values = new double[measures.size()];
                for (int m = 0; m < values.length; m++) {
                    values[m] = Double.parseDouble(record.get(measures.get(m).column()));
                }
                run.record(Double.parseDouble(record.get("round")), Double.parseDouble(record.get("time_s")),
                        Double.parseDouble(record.get("bytes")), Double.parseDouble(record.get("bytes_peer_max")), values);
            }
            if (run != null) {
                series.add(run.series(stop).identified(identity.coordinates(), identity.protocol(), identity.seed()));
            }
            return new MetricsTable(swept, series);
        } catch (NoSuchFileException e) {
            throw new BadInput(dir + ": no " + FILE + " here; give a folder written by 'moshsim run'");
        } catch (IllegalArgumentException e) {
            throw new BadInput(file + ": not a readable metrics file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean sameRun(Series a, Series b) {
        return a.protocol().equals(b.protocol()) && a.seed() == b.seed() && a.coordinates().equals(b.coordinates());
    }

    /**
     * The columns of a metrics.csv header that name a run rather than measure it: {@code protocol}, the swept keys and
     * {@code seed}. The swept keys alone name a point (and, with {@code protocol}, a row of summary.csv).
     */
    public static List<String> identity(List<String> header) {
        List<String> identity = new ArrayList<>(List.of("protocol"));
        identity.addAll(swept(header));
        identity.add("seed");
        return identity;
    }

    /** The swept keys of a metrics.csv header: the columns that are neither fixed nor a measure. */
    public static List<String> swept(List<String> header) {
        return header.stream().filter(h -> !FIXED.contains(h) && !h.equals(STOPPED_BY) && Measure.ofColumn(h) == null).toList();
    }

    /** Whole numbers without a fraction (rounds, bytes), others in shortest round-trip form. */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
