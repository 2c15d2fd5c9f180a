package org.moshsim.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.moshsim.Measure;
import org.moshsim.Target;
import org.moshsim.metrics.AtomicFiles;
import org.moshsim.metrics.MetricsTable;
import org.moshsim.metrics.Series;

/**
 * Per point and protocol: the rounds and the simulated seconds to each target (the first measurement
 * that reaches it, or the run's last if it never is, as in the Moshpit paper's table) with 95% CIs over seeds, the
 * fraction of seeds that reached it, the final value of each measure, and the speedup over every other protocol of the point:
 * time to target of the other / time of this one, the geometric mean over the seeds where both reached it,
 * with a t-interval on the logarithms. Written as {@code summary.csv} and {@code summary.md}.
 */
public final class Summary {
    public static final String CSV = "summary.csv";
    public static final String MARKDOWN = "summary.md";

    /** One protocol at one point; lists run over the targets, speedups map each other protocol to them. */
    public record Row(Map<String, String> coordinates, String protocol, int seeds, List<Interval> roundsTo, List<Interval> timeTo,
                      List<Double> reached, Map<Measure, Interval> finals, Map<String, List<Interval>> speedups) {
    }

    private Summary() {
    }

    public static List<Row> compute(MetricsTable table, List<Target> targets) {
        List<Row> rows = new ArrayList<>();
        for (List<Series> point : table.byPoint().values()) {
            Map<String, List<Series>> protocols = MetricsTable.byProtocol(point);
            for (Map.Entry<String, List<Series>> protocol : protocols.entrySet()) {
                List<Series> runs = protocol.getValue();
                List<Interval> roundsTo = new ArrayList<>();
                List<Interval> timeTo = new ArrayList<>();
                List<Double> reached = new ArrayList<>();
                for (Target target : targets) {
                    double[] rounds = new double[runs.size()];
                    double[] times = new double[runs.size()];
                    int hits = 0;
                    for (int s = 0; s < runs.size(); s++) {
                        Series run = runs.get(s);
                        int k = run.firstReaching(target);
                        hits += k >= 0 ? 1 : 0;
                        k = k >= 0 ? k : run.last();
                        rounds[s] = run.round()[k];
                        times[s] = run.time()[k];
                    }
                    roundsTo.add(Interval.of(rounds));
                    timeTo.add(Interval.of(times));
                    reached.add((double) hits / runs.size());
                }
                Map<String, List<Interval>> speedups = new LinkedHashMap<>();
                for (Map.Entry<String, List<Series>> baseline : protocols.entrySet()) {
                    if (!baseline.getKey().equals(protocol.getKey())) {
                        List<Interval> perTarget = new ArrayList<>();
                        for (Target target : targets) {
                            perTarget.add(speedup(runs, baseline.getValue(), target));
                        }
                        speedups.put(baseline.getKey(), perTarget);
                    }
                }
                Map<Measure, Interval> finals = new LinkedHashMap<>();
                for (Measure measure : table.measures()) {
                    finals.put(measure, Interval.of(runs.stream().mapToDouble(s -> s.values(measure)[s.last()]).toArray()));
                }
                rows.add(new Row(runs.get(0).coordinates(), protocol.getKey(), runs.size(), roundsTo, timeTo, reached, finals, speedups));
            }
        }
        return rows;
    }

    /** time_baseline / time_protocol over the seeds where both reached the target: geometric mean and CI. */
    static Interval speedup(List<Series> protocol, List<Series> baseline, Target target) {
        List<Double> logs = new ArrayList<>();
        for (int s = 0; s < Math.min(protocol.size(), baseline.size()); s++) {
            int a = protocol.get(s).firstReaching(target);
            int b = baseline.get(s).firstReaching(target);
            if (a >= 0 && b >= 0) {
                logs.add(Math.log(baseline.get(s).time()[b] / protocol.get(s).time()[a]));
            }
        }
        if (logs.isEmpty()) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN);
        }
        Interval log = Interval.of(logs.stream().mapToDouble(Double::doubleValue).toArray());
        return new Interval(Math.exp(log.mean()), Math.exp(log.low()), Math.exp(log.high()));
    }

    public static void write(Path dir, MetricsTable table, List<Target> targets) {
        List<Row> rows = compute(table, targets);
        writeCsv(dir.resolve(CSV), table.sweptKeys(), targets, table.measures(), rows);
        writeMarkdown(dir.resolve(MARKDOWN), table.sweptKeys(), targets, table.measures(), rows);
    }

    private static void writeCsv(Path file, List<String> swept, List<Target> targets, List<Measure> measures, List<Row> rows) {
        List<String> protocols = rows.stream().map(Row::protocol).distinct().toList();
        List<String> header = new ArrayList<>(List.of("protocol"));
        header.addAll(swept);
        header.add("seeds");
        for (Target target : targets) {
            String t = target.label();
            header.addAll(List.of("rounds_to_" + t, "rounds_to_" + t + "_ci95_low", "rounds_to_" + t + "_ci95_high",
                    "time_to_" + t + "_s", "time_to_" + t + "_s_ci95_low", "time_to_" + t + "_s_ci95_high", "reached_" + t));
            for (String baseline : protocols) {
                String column = "speedup_" + t + "_vs_" + baseline.replaceAll("\\s+", "_");
                header.addAll(List.of(column, column + "_ci95_low", column + "_ci95_high"));
            }
        }
        for (Measure measure : measures) {
            String column = "final_" + measure.column();
            header.addAll(List.of(column, column + "_ci95_low", column + "_ci95_high"));
        }
        AtomicFiles.writeText(file, out -> {
            CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
            csv.printRecord(header);
            for (Row row : rows) {
                List<Object> values = new ArrayList<>(List.of(row.protocol()));
                swept.forEach(key -> values.add(row.coordinates().get(key)));
                values.add(row.seeds());
                for (int t = 0; t < targets.size(); t++) {
                    addInterval(values, row.roundsTo().get(t));
                    addInterval(values, row.timeTo().get(t));
                    values.add(row.reached().get(t));
                    for (String baseline : protocols) {
                        List<Interval> speedup = row.speedups().get(baseline);
                        addInterval(values, speedup == null ? new Interval(Double.NaN, Double.NaN, Double.NaN) : speedup.get(t));
                    }
                }
                row.finals().values().forEach(interval -> addInterval(values, interval));
                csv.printRecord(values);
            }
            csv.flush();
        });
    }

    private static void addInterval(List<Object> values, Interval interval) {
        values.add(interval.mean());
        values.add(interval.low());
        values.add(interval.high());
    }

    /** Tables with points down and protocols across: rounds, then seconds, to each target; speedups; final values. */
    private static void writeMarkdown(Path file, List<String> swept, List<Target> targets, List<Measure> measures, List<Row> rows) {
        List<String> protocols = rows.stream().map(Row::protocol).distinct().toList();
        List<Map<String, String>> points = rows.stream().map(Row::coordinates).distinct().toList();
        StringBuilder md = new StringBuilder();
        for (int t = 0; t < targets.size(); t++) {
            int target = t;
            String label = targets.get(t).describe();
            table(md, "Rounds to " + label + " (mean ± 95% CI half-width; the last round if never)", swept, protocols, points,
                    rows, r -> withInterval(r.roundsTo().get(target), "%.1f"));
            table(md, "Simulated seconds to " + label + " (mean ± 95% CI half-width; the last measurement if never)", swept,
                    protocols, points, rows, r -> withInterval(r.timeTo().get(target), "%.3g"));
            String first = protocols.get(0);
            if (protocols.size() > 1) {
                table(md, "Speedup of " + first + " to " + label + ": the other's seconds / " + first
                        + "'s (geometric mean over seeds where both got there, 95% CI)", swept,
                        protocols.subList(1, protocols.size()), points, rows.stream().filter(r -> r.protocol().equals(first)).toList(),
                        null, (r, baseline) -> speedupCell(r.speedups().get(baseline).get(target)));
            }
        }
        for (Measure measure : measures) {
            table(md, "Final " + measure.title() + " (mean over seeds)", swept, protocols, points, rows,
                    r -> String.format(Locale.ROOT, "%.3g", r.finals().get(measure).mean()));
        }
        AtomicFiles.writeText(file, out -> out.write(md.toString()));
    }

    private static void table(StringBuilder md, String title, List<String> swept, List<String> protocols,
                              List<Map<String, String>> points, List<Row> rows, java.util.function.Function<Row, String> cell) {
        table(md, title, swept, protocols, points, rows, cell, null);
    }

    /** A table of points (down) by columns (across): a cell per (point, protocol) row, or per (point, column) pair. */
    private static void table(StringBuilder md, String title, List<String> swept, List<String> columns,
                              List<Map<String, String>> points, List<Row> rows, java.util.function.Function<Row, String> cell,
                              java.util.function.BiFunction<Row, String, String> pairCell) {
        md.append("## ").append(title).append("\n\n|");
        swept.forEach(key -> md.append(' ').append(key).append(" |"));
        columns.forEach(p -> md.append(' ').append(pairCell == null ? p : "vs " + p).append(" |"));
        md.append("\n|").append(" --- |".repeat(swept.size() + columns.size())).append('\n');
        for (Map<String, String> point : points) {
            md.append('|');
            swept.forEach(key -> md.append(' ').append(point.get(key)).append(" |"));
            for (String column : columns) {
                String text = rows.stream()
                        .filter(r -> r.coordinates().equals(point) && (pairCell != null || r.protocol().equals(column)))
                        .findFirst().map(r -> pairCell != null ? pairCell.apply(r, column) : cell.apply(r)).orElse("");
                md.append(' ').append(text).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static String withInterval(Interval interval, String format) {
        String mean = String.format(Locale.ROOT, format, interval.mean());
        if (Double.isNaN(interval.low())) {
            return mean;
        }
        // Rounding noise in the last digits of equal times is no uncertainty.
        double half = interval.halfWidth() <= 1e-9 * Math.abs(interval.mean()) ? 0 : interval.halfWidth();
        return mean + " ± " + String.format(Locale.ROOT, format, half);
    }

    private static String speedupCell(Interval speedup) {
        if (Double.isNaN(speedup.mean())) {
            return "not reached";
        }
        String mean = String.format(Locale.ROOT, "%.2fx", speedup.mean());
        return Double.isNaN(speedup.low()) ? mean : mean + String.format(Locale.ROOT, " [%.2f, %.2f]", speedup.low(), speedup.high());
    }
}
