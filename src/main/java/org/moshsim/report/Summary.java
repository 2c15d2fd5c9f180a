package org.moshsim.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.moshsim.metrics.AtomicFiles;
import org.moshsim.metrics.MetricsTable;
import org.moshsim.metrics.Series;

/**
 * Per point and protocol: rounds to each error target (the first round whose mse is below it, or the round
 * cap if it never is, as in the Moshpit paper's table) with a 95% CI over seeds, the fraction of seeds that
 * reached it, and the final mse. Written as {@code summary.csv} and, one table per target, {@code summary.md}.
 */
public final class Summary {
    public static final String CSV = "summary.csv";
    public static final String MARKDOWN = "summary.md";

    /** One protocol at one point. */
    public record Row(Map<String, String> coordinates, String protocol, int seeds, List<Interval> roundsTo,
                      List<Double> reached, Interval finalMse) {
    }

    private Summary() {
    }

    public static List<Row> compute(MetricsTable table, List<Double> targets) {
        List<Row> rows = new ArrayList<>();
        for (List<Series> point : table.byPoint().values()) {
            for (Map.Entry<String, List<Series>> protocol : MetricsTable.byProtocol(point).entrySet()) {
                List<Series> runs = protocol.getValue();
                List<Interval> roundsTo = new ArrayList<>();
                List<Double> reached = new ArrayList<>();
                for (double target : targets) {
                    double[] rounds = new double[runs.size()];
                    int hits = 0;
                    for (int s = 0; s < runs.size(); s++) {
                        double[] mse = runs.get(s).mse();
                        int round = roundsTo(mse, target);
                        rounds[s] = round;
                        hits += mse[round] < target ? 1 : 0;
                    }
                    roundsTo.add(Interval.of(rounds));
                    reached.add((double) hits / runs.size());
                }
                double[] finals = runs.stream().mapToDouble(s -> s.mse()[s.rounds()]).toArray();
                rows.add(new Row(runs.get(0).coordinates(), protocol.getKey(), runs.size(), roundsTo, reached, Interval.of(finals)));
            }
        }
        return rows;
    }

    /** The first round whose mse is below the target, else the last round (the cap). */
    public static int roundsTo(double[] mse, double target) {
        for (int round = 0; round < mse.length; round++) {
            if (mse[round] < target) {
                return round;
            }
        }
        return mse.length - 1;
    }

    public static void write(Path dir, MetricsTable table, List<Double> targets) {
        List<Row> rows = compute(table, targets);
        writeCsv(dir.resolve(CSV), table.sweptKeys(), targets, rows);
        writeMarkdown(dir.resolve(MARKDOWN), table.sweptKeys(), targets, rows);
    }

    private static void writeCsv(Path file, List<String> swept, List<Double> targets, List<Row> rows) {
        List<String> header = new ArrayList<>(List.of("protocol"));
        header.addAll(swept);
        header.add("seeds");
        for (double target : targets) {
            String t = label(target);
            header.addAll(List.of("rounds_to_" + t, "rounds_to_" + t + "_ci95_low", "rounds_to_" + t + "_ci95_high", "reached_" + t));
        }
        header.addAll(List.of("final_mse", "final_mse_ci95_low", "final_mse_ci95_high"));
        AtomicFiles.writeText(file, out -> {
            CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
            csv.printRecord(header);
            for (Row row : rows) {
                List<Object> values = new ArrayList<>(List.of(row.protocol()));
                swept.forEach(key -> values.add(row.coordinates().get(key)));
                values.add(row.seeds());
                for (int t = 0; t < targets.size(); t++) {
                    Interval rounds = row.roundsTo().get(t);
                    values.addAll(List.of(rounds.mean(), rounds.low(), rounds.high(), row.reached().get(t)));
                }
                values.addAll(List.of(row.finalMse().mean(), row.finalMse().low(), row.finalMse().high()));
                csv.printRecord(values);
            }
            csv.flush();
        });
    }

    /** One table per target: points down, protocols across, "mean ± CI half-width" in each cell. */
    private static void writeMarkdown(Path file, List<String> swept, List<Double> targets, List<Row> rows) {
        List<String> protocols = rows.stream().map(Row::protocol).distinct().toList();
        List<Map<String, String>> points = rows.stream().map(Row::coordinates).distinct().toList();
        StringBuilder md = new StringBuilder();
        for (int t = 0; t <= targets.size(); t++) {
            boolean finalMse = t == targets.size();
            md.append(finalMse ? "## Final mean squared error (mean over seeds)\n\n"
                    : "## Rounds to mse < " + label(targets.get(t)) + " (mean ± 95% CI half-width; the round cap if never)\n\n");
            md.append('|');
            swept.forEach(key -> md.append(' ').append(key).append(" |"));
            protocols.forEach(p -> md.append(' ').append(p).append(" |"));
            md.append("\n|");
            md.append(" --- |".repeat(swept.size() + protocols.size())).append('\n');
            for (Map<String, String> point : points) {
                md.append('|');
                swept.forEach(key -> md.append(' ').append(point.get(key)).append(" |"));
                for (String protocol : protocols) {
                    int target = t;
                    String cell = rows.stream().filter(r -> r.coordinates().equals(point) && r.protocol().equals(protocol))
                            .findFirst().map(r -> finalMse ? String.format(Locale.ROOT, "%.3g", r.finalMse().mean())
                                    : withInterval(r.roundsTo().get(target))).orElse("");
                    md.append(' ').append(cell).append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
        }
        AtomicFiles.writeText(file, out -> out.write(md.toString()));
    }

    private static String withInterval(Interval interval) {
        String mean = String.format(Locale.ROOT, "%.1f", interval.mean());
        return Double.isNaN(interval.low()) ? mean : mean + String.format(Locale.ROOT, " ± %.1f", interval.halfWidth());
    }

    /** A target as a short column label: 1e-4, 2.5e-3. */
    public static String label(double target) {
        String[] parts = String.format(Locale.ROOT, "%e", target).split("e");
        String mantissa = parts[0].replaceAll("0+$", "").replaceAll("\\.$", "");
        return mantissa + "e" + Integer.parseInt(parts[1]);
    }
}
