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

/**
 * {@code metrics.csv}: one row per run and round, columns {@code protocol}, one per swept key (named by its
 * key path), {@code seed}, {@code round}, {@code mse}. Numbers are written in Java's shortest round-trip
 * form, so the file is byte-identical for the same seed.
 */
public final class MetricsCsv {
    public static final String FILE = "metrics.csv";
    private static final List<String> FIXED = List.of("protocol", "seed", "round", "mse");

    private MetricsCsv() {
    }

    public static void write(Path dir, MetricsTable table) {
        List<String> header = new ArrayList<>();
        header.add("protocol");
        header.addAll(table.sweptKeys());
        header.addAll(List.of("seed", "round", "mse"));
        AtomicFiles.writeText(dir.resolve(FILE), out -> {
            CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
            csv.printRecord(header);
            List<Object> row = new ArrayList<>(header.size());
            for (Series s : table.series()) {
                for (int round = 0; round < s.mse().length; round++) {
                    row.clear();
                    row.add(s.protocol());
                    for (String key : table.sweptKeys()) {
                        row.add(s.coordinates().get(key));
                    }
                    row.add(s.seed());
                    row.add(round);
                    row.add(Double.toString(s.mse()[round]));
                    csv.printRecord(row);
                }
            }
            csv.flush();
        });
    }

    /** Reads a metrics.csv back into series; any column beyond the fixed four is a swept key. */
    public static MetricsTable read(Path dir) {
        Path file = dir.resolve(FILE);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser csv = CSVParser.parse(reader, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            List<String> header = csv.getHeaderNames();
            if (!header.containsAll(FIXED)) {
                throw new BadInput(file + ": not a moshsim metrics file; expected the columns " + String.join(", ", FIXED));
            }
            List<String> swept = header.stream().filter(h -> !FIXED.contains(h)).toList();
            List<Series> series = new ArrayList<>();
            Map<String, String> coordinates = null;
            String protocol = null;
            int seed = -1;
            List<Double> mse = new ArrayList<>();
            for (CSVRecord record : csv) {
                Map<String, String> c = new LinkedHashMap<>();
                swept.forEach(key -> c.put(key, record.get(key)));
                String p = record.get("protocol");
                int s = Integer.parseInt(record.get("seed"));
                int round = Integer.parseInt(record.get("round"));
                if (round == 0 && protocol != null) {
                    series.add(new Series(coordinates, protocol, seed, toArray(mse)));
                    mse.clear();
                }
                if (round != mse.size()) {
                    throw new BadInput(file + ":" + record.getRecordNumber() + ": round " + round + " out of order; expected "
                            + mse.size());
                }
                coordinates = c;
                protocol = p;
                seed = s;
                mse.add(Double.parseDouble(record.get("mse")));
            }
            if (protocol != null) {
                series.add(new Series(coordinates, protocol, seed, toArray(mse)));
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

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
