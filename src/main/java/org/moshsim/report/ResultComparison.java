package org.moshsim.report;

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
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.moshsim.BadInput;
import org.moshsim.metrics.MetricsCsv;

/**
 * Two results folders cell by cell (two code versions, CPU against GPU, two configs): metrics.csv, and summary.csv
 * where both have one. Rows are matched by what names them (metrics.csv: protocol, swept keys, seed and the row's
 * place in its run; summary.csv: protocol and swept keys); numbers are equal when {@code |a - b| <= atol + rtol *
 * max(|a|, |b|)} (NaN equals NaN), text when identical. Rows, runs or columns found on one side only are differences.
 */
public final class ResultComparison {
    private static final int LISTED = 20;

    /** One file's comparison: how many cells were compared and the differences found, largest first. */
    public record FileDiff(String file, long compared, List<String> differences, long differing) {
        public boolean equal() {
            return differing == 0;
        }
    }

    private ResultComparison() {
    }

    /** Compares folder {@code a} with folder {@code b}; bad input when either holds no metrics.csv. */
    public static List<FileDiff> compare(Path a, Path b, double rtol, double atol) {
        List<FileDiff> diffs = new ArrayList<>();
        Table ma = read(a.resolve(MetricsCsv.FILE), true);
        Table mb = read(b.resolve(MetricsCsv.FILE), true);
        List<String> identity = MetricsCsv.identity(ma.header());
        diffs.add(compare(MetricsCsv.FILE, ma, mb, identity, true, rtol, atol));
        Path sa = a.resolve(Summary.CSV);
        Path sb = b.resolve(Summary.CSV);
        if (Files.exists(sa) || Files.exists(sb)) {
            if (Files.exists(sa) && Files.exists(sb)) {
                List<String> keys = new ArrayList<>(identity.subList(0, identity.size() - 1));
                diffs.add(compare(Summary.CSV, read(sa, false), read(sb, false), keys, false, rtol, atol));
            } else {
                diffs.add(new FileDiff(Summary.CSV, 0, List.of("only in " + (Files.exists(sa) ? a : b)), 1));
            }
        }
        return diffs;
    }

    private record Table(List<String> header, List<CSVRecord> rows) {
    }

    private static Table read(Path file, boolean required) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser csv = CSVParser.parse(reader, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            return new Table(csv.getHeaderNames(), csv.getRecords());
        } catch (NoSuchFileException e) {
            throw new BadInput(file.getParent() + ": no " + file.getFileName() + " here; give two folders written by 'moshsim run'");
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new BadInput(file + ": not a readable CSV file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A difference with its size, so that the largest are listed first. */
    private record Difference(double size, String text) {
    }

    private static FileDiff compare(String name, Table a, Table b, List<String> keys, boolean ordinal, double rtol, double atol) {
        List<Difference> found = new ArrayList<>();
        for (String column : a.header()) {
            if (!b.header().contains(column)) {
                found.add(new Difference(Double.POSITIVE_INFINITY, "column " + column + " only in the first"));
            }
        }
        for (String column : b.header()) {
            if (!a.header().contains(column)) {
                found.add(new Difference(Double.POSITIVE_INFINITY, "column " + column + " only in the second"));
            }
        }
        List<String> named = keys.stream().filter(k -> a.header().contains(k) && b.header().contains(k)).toList();
        List<String> values = a.header().stream().filter(c -> b.header().contains(c) && !named.contains(c)).toList();
        Map<String, List<CSVRecord>> rowsA = byKey(a, named);
        Map<String, List<CSVRecord>> rowsB = byKey(b, named);
        long compared = 0;
        for (Map.Entry<String, List<CSVRecord>> entry : rowsA.entrySet()) {
            List<CSVRecord> other = rowsB.get(entry.getKey());
            if (other == null) {
                found.add(new Difference(Double.POSITIVE_INFINITY, entry.getKey() + ": only in the first"));
                continue;
            }
            if (other.size() != entry.getValue().size()) {
                found.add(new Difference(Double.POSITIVE_INFINITY, entry.getKey() + ": " + entry.getValue().size() + " rows against "
                        + other.size()));
            }
            for (int r = 0; r < Math.min(other.size(), entry.getValue().size()); r++) {
                CSVRecord x = entry.getValue().get(r);
                CSVRecord y = other.get(r);
                for (String column : values) {
                    compared++;
                    Difference d = cell(x.get(column), y.get(column), rtol, atol);
                    if (d != null) {
                        found.add(new Difference(d.size(), column + " at " + entry.getKey() + (ordinal ? ", row " + r : "") + ": "
                                + d.text()));
                    }
                }
            }
        }
        rowsB.keySet().stream().filter(k -> !rowsA.containsKey(k))
                .forEach(k -> found.add(new Difference(Double.POSITIVE_INFINITY, k + ": only in the second")));
        found.sort((p, q) -> Double.compare(q.size(), p.size()));
        List<String> listed = found.stream().limit(LISTED).map(Difference::text).toList();
        return new FileDiff(name, compared, listed, found.size());
    }

    private static Map<String, List<CSVRecord>> byKey(Table table, List<String> keys) {
        Map<String, List<CSVRecord>> rows = new LinkedHashMap<>();
        for (CSVRecord row : table.rows()) {
            List<String> parts = new ArrayList<>();
            keys.forEach(k -> parts.add(k + "=" + row.get(k)));
            rows.computeIfAbsent(String.join(", ", parts), k -> new ArrayList<>()).add(row);
        }
        return rows;
    }

    /** Null when the two cells are equal within the tolerances, else how they differ (size: the relative difference). */
    private static Difference cell(String x, String y, double rtol, double atol) {
        if (x.equals(y)) {
            return null;
        }
        double a;
        double b;
        try {
            a = Double.parseDouble(x);
            b = Double.parseDouble(y);
        } catch (NumberFormatException e) {
            return new Difference(Double.POSITIVE_INFINITY, "'" + x + "' against '" + y + "'");
        }
        if (Double.isNaN(a) && Double.isNaN(b) || a == b) {
            return null;
        }
        double absolute = Math.abs(a - b);
        double scale = Math.max(Math.abs(a), Math.abs(b));
        if (absolute <= atol + rtol * scale) {
            return null;
        }
        double relative = scale == 0 || Double.isNaN(absolute) ? Double.POSITIVE_INFINITY : absolute / scale;
        return new Difference(Double.isNaN(relative) ? Double.POSITIVE_INFINITY : relative,
                String.format(Locale.ROOT, "%s against %s (absolute %.3g, relative %.3g)", x, y, absolute, relative));
    }
}
