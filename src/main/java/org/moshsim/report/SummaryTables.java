package org.moshsim.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.moshsim.Comparison;
import org.moshsim.Measure;
import org.moshsim.Target;
import org.moshsim.metrics.AtomicFiles;
import org.moshsim.metrics.MetricsTable;

/**
 * {@code summary.md}: tables with points down and protocols across. Runs cut short by their {@code rounds} first,
 * then per target the rounds, the seconds and the speedups over the reference; the final values; a section per
 * comparison. Every caption says which statistic its cells hold.
 */
final class SummaryTables {
    private SummaryTables() {
    }

    static void write(Path file, MetricsTable table, Analysis analysis, List<Summary.Row> rows, List<Summary.Compared> compared) {
        List<String> swept = table.sweptKeys();
        List<Target> targets = analysis.targets();
        List<String> protocols = rows.stream().map(Summary.Row::protocol).distinct().toList();
        List<Map<String, String>> points = rows.stream().map(Summary.Row::coordinates).distinct().toList();
        StringBuilder md = new StringBuilder();
        md.append("Times and rounds to a target: ").append(TimeTo.RULE).append(". Speedups and ratios: ").append(PairedRatio.RULE)
                .append("; † fewer than ").append(analysis.minSeeds()).append(" pairs (or than all seeds, when fewer ran).\n\n");
        cut(md, swept, rows);
        // Seconds say something only where the config models time (and then draws them).
        boolean timed = analysis.figures().contains("time");
        for (int t = 0; t < targets.size(); t++) {
            int target = t;
            String label = targets.get(t).describe();
            table(md, "Rounds to " + label + " (" + TimeTo.CAPTION + ")", swept, protocols, points,
                    (point, protocol) -> find(rows, point, protocol).map(r -> r.roundsTo().get(target).cell("%.1f")));
            if (timed) {
                table(md, "Simulated seconds to " + label + " (" + TimeTo.CAPTION + ")", swept, protocols, points,
                        (point, protocol) -> find(rows, point, protocol).map(r -> r.timeTo().get(target).cell(PairedRatio::number)));
            }
            String reference = analysis.referenceAmong(protocols);
            List<String> others = protocols.stream().filter(p -> !p.equals(reference)).toList();
            if (timed && !others.isEmpty()) {
                table(md, "Speedup over " + reference + " (the reference) to " + label + ": " + reference + "'s seconds / the "
                        + "protocol's (" + PairedRatio.CAPTION + ")", swept, others, points,
                        (point, protocol) -> find(rows, point, protocol)
                                .map(r -> r.speedups().get(reference).get(target).cell("x", analysis.minSeeds())));
            }
        }
        for (Measure measure : table.measures()) {
            table(md, "Final " + measure.title() + " (mean over seeds)", swept, protocols, points,
                    (point, protocol) -> find(rows, point, protocol)
                            .map(r -> String.format(Locale.ROOT, "%.3g", r.finals().get(measure).mean())));
        }
        for (Comparison comparison : analysis.comparisons()) {
            comparison(md, comparison.name(), targets, table.measures(),
                    compared.stream().filter(c -> c.name().equals(comparison.name())).toList(), analysis.minSeeds());
        }
        AtomicFiles.writeText(file, out -> out.write(md.toString()));
    }

    private static java.util.Optional<Summary.Row> find(List<Summary.Row> rows, Map<String, String> point, String protocol) {
        return rows.stream().filter(r -> r.coordinates().equals(point) && r.protocol().equals(protocol)).findFirst();
    }

    /** Cells whose runs stopped at their {@code rounds} before a target: said first, since every time to it is censored. */
    private static void cut(StringBuilder md, List<String> swept, List<Summary.Row> rows) {
        List<Summary.Row> cut = rows.stream().filter(r -> r.cut() > 0).toList();
        if (cut.isEmpty()) {
            return;
        }
        int runs = cut.stream().mapToInt(Summary.Row::cut).sum();
        md.append("## Runs cut short by `rounds`\n\n").append(runs).append(runs == 1 ? " run" : " runs")
                .append(" stopped at the config's `rounds` before reaching every target (and before `timing.horizon`, if any): "
                        + "their times to those targets are censored there. Raise `rounds` to let them run on.\n\n|");
        swept.forEach(key -> md.append(' ').append(key).append(" |"));
        md.append(" protocol | seeds cut | stopped at (s, mean) |\n|").append(" --- |".repeat(swept.size() + 3)).append('\n');
        for (Summary.Row row : cut) {
            md.append('|');
            swept.forEach(key -> md.append(' ').append(row.coordinates().get(key)).append(" |"));
            md.append(' ').append(row.protocol()).append(" | ").append(row.cut()).append('/').append(row.seeds()).append(" | ")
                    .append(PairedRatio.number(row.cutAt())).append(" |\n");
        }
        md.append('\n');
    }

    /** A table of points (down) by columns (across). */
    private static void table(StringBuilder md, String title, List<String> swept, List<String> columns, List<Map<String, String>> points,
                              java.util.function.BiFunction<Map<String, String>, String, java.util.Optional<String>> cell) {
        md.append("## ").append(title).append("\n\n|");
        swept.forEach(key -> md.append(' ').append(key).append(" |"));
        columns.forEach(p -> md.append(' ').append(p).append(" |"));
        md.append("\n|").append(" --- |".repeat(swept.size() + columns.size())).append('\n');
        for (Map<String, String> point : points) {
            md.append('|');
            swept.forEach(key -> md.append(' ').append(point.get(key)).append(" |"));
            for (String column : columns) {
                md.append(' ').append(cell.apply(point, column).orElse("")).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    /** A comparison's section: a row per pair, naming what differs between its cells and what they share. */
    private static void comparison(StringBuilder md, String name, List<Target> targets, List<Measure> measures,
                                   List<Summary.Compared> pairs, int minSeeds) {
        md.append("## Comparison ").append(name).append(": candidate against baseline (speedup: the baseline's seconds / the "
                + "candidate's; final ratio: the candidate's final value / the baseline's; ").append(PairedRatio.CAPTION).append(")\n\n");
        if (pairs.isEmpty()) {
            md.append("No pair of cells holds runs.\n\n");
            return;
        }
        List<String> header = new ArrayList<>(List.of("candidate", "baseline", "at"));
        targets.forEach(t -> header.add("speedup to " + t.describe()));
        measures.forEach(m -> header.add("final " + m.column() + " ratio"));
        md.append('|');
        header.forEach(h -> md.append(' ').append(h).append(" |"));
        md.append("\n|").append(" --- |".repeat(header.size())).append('\n');
        for (Summary.Compared c : pairs) {
            Comparison.Pair pair = c.pair();
            Map<String, String> candidate = new LinkedHashMap<>();
            Map<String, String> baseline = new LinkedHashMap<>();
            Map<String, String> shared = new LinkedHashMap<>();
            pair.candidate().forEach((key, value) -> {
                String other = pair.baseline().get(key);
                if (Objects.equals(value, other)) {
                    shared.put(key, value);
                } else {
                    candidate.put(key, value);
                    baseline.put(key, other);
                }
            });
            if (pair.candidateProtocol().equals(pair.baselineProtocol())) {
                shared.put("protocol", pair.candidateProtocol());
            } else {
                candidate.put("protocol", pair.candidateProtocol());
                baseline.put("protocol", pair.baselineProtocol());
            }
            Function<Map<String, String>, String> text = m -> String.join(", ",
                    m.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(e -> e.getKey() + "=" + e.getValue()).toList());
            md.append("| ").append(text.apply(candidate)).append(" | ").append(text.apply(baseline)).append(" | ")
                    .append(text.apply(shared)).append(" |");
            c.speedups().forEach(s -> md.append(' ').append(s.cell("x", minSeeds)).append(" |"));
            measures.forEach(m -> md.append(' ').append(c.finals().get(m).cell("", minSeeds)).append(" |"));
            md.append('\n');
        }
        md.append('\n');
    }
}
