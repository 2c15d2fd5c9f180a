package org.moshsim.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.moshsim.Comparison;
import org.moshsim.Measure;
import org.moshsim.Target;
import org.moshsim.metrics.AtomicFiles;
import org.moshsim.metrics.MetricsTable;
import org.moshsim.metrics.Series;

/**
 * Per point and protocol: the rounds and the simulated seconds to each target ({@link TimeTo}: the count of seeds
 * that reached it, and a mean only when all did), the final value of each measure, the speedup over every other
 * protocol of the point and the comparisons the config asks for ({@link PairedRatio}: time to target of the baseline
 * / time of this one, paired by seed over the seeds where both reached it), and how many seeds stopped at their
 * {@code rounds} short of a target. Written as {@code summary.csv} and {@code summary.md}.
 */
public final class Summary {
    public static final String CSV = "summary.csv";
    public static final String MARKDOWN = "summary.md";

    /**
     * One protocol at one point; lists run over the targets, speedups map each other protocol to them.
     *
     * @param cut seeds that stopped at their {@code rounds} before reaching every target
     * @param cutAt the simulated seconds at which those seeds stopped (mean), NaN when none did
     */
    public record Row(Map<String, String> coordinates, String protocol, int seeds, List<TimeTo> roundsTo, List<TimeTo> timeTo,
                      Map<Measure, Interval> finals, Map<String, List<PairedRatio>> speedups, int cut, double cutAt) {
    }

    /** A comparison's pair: the speedup of the candidate to each target, and the ratio of each measure's final value. */
    public record Compared(String name, Comparison.Pair pair, List<PairedRatio> speedups, Map<Measure, PairedRatio> finals) {
    }

    private Summary() {
    }

    public static List<Row> compute(MetricsTable table, List<Target> targets) {
        List<Row> rows = new ArrayList<>();
        for (List<Series> point : table.byPoint().values()) {
            Map<String, List<Series>> protocols = MetricsTable.byProtocol(point);
            for (Map.Entry<String, List<Series>> protocol : protocols.entrySet()) {
                List<Series> runs = protocol.getValue();
                List<TimeTo> roundsTo = new ArrayList<>();
                List<TimeTo> timeTo = new ArrayList<>();
                for (Target target : targets) {
                    double[] rounds = new double[runs.size()];
                    double[] times = new double[runs.size()];
                    boolean[] reached = new boolean[runs.size()];
                    for (int s = 0; s < runs.size(); s++) {
                        Series run = runs.get(s);
                        int k = run.firstReaching(target);
                        reached[s] = k >= 0;
                        k = k >= 0 ? k : run.last();
                        rounds[s] = run.round()[k];
                        times[s] = run.time()[k];
                    }
                    roundsTo.add(TimeTo.of(rounds, reached));
                    timeTo.add(TimeTo.of(times, reached));
                }
                Map<String, List<PairedRatio>> speedups = new LinkedHashMap<>();
                for (Map.Entry<String, List<Series>> baseline : protocols.entrySet()) {
                    if (!baseline.getKey().equals(protocol.getKey())) {
                        List<PairedRatio> perTarget = new ArrayList<>();
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
                double[] cutAt = runs.stream().filter(run -> cutByRounds(run, targets)).mapToDouble(run -> run.time()[run.last()]).toArray();
                rows.add(new Row(runs.get(0).coordinates(), protocol.getKey(), runs.size(), roundsTo, timeTo, finals, speedups,
                        cutAt.length, cutAt.length == 0 ? Double.NaN : Interval.of(cutAt).mean()));
            }
        }
        return rows;
    }

    /** Whether a run stopped at its {@code rounds} before reaching every target: its times to those are censored early. */
    static boolean cutByRounds(Series run, List<Target> targets) {
        return run.stop() == Series.Stop.ROUNDS && targets.stream().anyMatch(t -> run.firstReaching(t) < 0);
    }

    /** How many runs of the table stopped at their {@code rounds} before reaching every target. */
    public static int cutByRounds(MetricsTable table, List<Target> targets) {
        return (int) table.series().stream().filter(run -> cutByRounds(run, targets)).count();
    }

    /** time_baseline / time_protocol over the seeds where both reached the target (paired by seed). */
    static PairedRatio speedup(List<Series> protocol, List<Series> baseline, Target target) {
        List<Double> ratios = new ArrayList<>();
        int pairs = 0;
        for (Series a : protocol) {
            Series b = baseline.stream().filter(s -> s.seed() == a.seed()).findFirst().orElse(null);
            if (b == null) {
                continue;
            }
            pairs++;
            int ka = a.firstReaching(target);
            int kb = b.firstReaching(target);
            if (ka >= 0 && kb >= 0) {
                ratios.add(b.time()[kb] / a.time()[ka]);
            }
        }
        return PairedRatio.of(ratios.stream().mapToDouble(Double::doubleValue).toArray(), pairs);
    }

    /** candidate / baseline of a measure's final value, paired by seed, over the seeds where both are positive. */
    static PairedRatio finalRatio(List<Series> candidate, List<Series> baseline, Measure measure) {
        List<Double> ratios = new ArrayList<>();
        int pairs = 0;
        for (Series c : candidate) {
            Series b = baseline.stream().filter(s -> s.seed() == c.seed()).findFirst().orElse(null);
            if (b == null) {
                continue;
            }
            pairs++;
            double vc = c.values(measure)[c.last()];
            double vb = b.values(measure)[b.last()];
            if (vc > 0 && vb > 0) {
                ratios.add(vc / vb);
            }
        }
        return PairedRatio.of(ratios.stream().mapToDouble(Double::doubleValue).toArray(), pairs);
    }

    /** Every pair of every comparison, in the config's order; a pair whose cells hold no runs is left out. */
    public static List<Compared> compare(MetricsTable table, List<Target> targets, List<Comparison> comparisons) {
        Map<Map<String, String>, List<Series>> points = table.byPoint();
        List<Compared> compared = new ArrayList<>();
        for (Comparison comparison : comparisons) {
            for (Comparison.Pair pair : comparison.pairs()) {
                List<Series> candidate = cell(points, pair.candidate(), pair.candidateProtocol());
                List<Series> baseline = cell(points, pair.baseline(), pair.baselineProtocol());
                if (candidate.isEmpty() || baseline.isEmpty()) {
                    continue;
                }
                List<PairedRatio> speedups = targets.stream().map(t -> speedup(candidate, baseline, t)).toList();
                Map<Measure, PairedRatio> finals = new LinkedHashMap<>();
                table.measures().forEach(m -> finals.put(m, finalRatio(candidate, baseline, m)));
                compared.add(new Compared(comparison.name(), pair, speedups, finals));
            }
        }
        return compared;
    }

    private static List<Series> cell(Map<Map<String, String>, List<Series>> points, Map<String, String> coordinates, String protocol) {
        return points.getOrDefault(coordinates, List.of()).stream().filter(s -> s.protocol().equals(protocol)).toList();
    }

    /** Writes summary.csv and summary.md. */
    public static void write(Path dir, MetricsTable table, Analysis analysis) {
        List<Row> rows = compute(table, analysis.targets());
        List<Compared> compared = compare(table, analysis.targets(), analysis.comparisons());
        writeCsv(dir.resolve(CSV), table, analysis, rows, compared);
        SummaryTables.write(dir.resolve(MARKDOWN), table, analysis, rows, compared);
    }

    private static void writeCsv(Path file, MetricsTable table, Analysis analysis, List<Row> rows, List<Compared> compared) {
        List<String> swept = table.sweptKeys();
        List<Target> targets = analysis.targets();
        List<String> protocols = rows.stream().map(Row::protocol).distinct().toList();
        List<String> names = analysis.comparisons().stream().map(Comparison::name).toList();
        List<String> header = new ArrayList<>(List.of("protocol"));
        header.addAll(swept);
        header.addAll(List.of("seeds", "stopped_by_rounds"));
        for (Target target : targets) {
            String t = target.label();
            header.add("reached_" + t);
            for (String column : List.of("rounds_to_" + t, "time_to_" + t + "_s")) {
                header.addAll(List.of(column, column + "_ci95_low", column + "_ci95_high", column + "_statistic"));
            }
            for (String baseline : protocols) {
                ratioColumns(header, "speedup_" + t + "_vs_" + baseline.replaceAll("\\s+", "_"));
            }
        }
        for (Measure measure : table.measures()) {
            String column = "final_" + measure.column();
            header.addAll(List.of(column, column + "_ci95_low", column + "_ci95_high"));
        }
        for (String name : names) {
            targets.forEach(t -> ratioColumns(header, name + "_speedup_" + t.label()));
            table.measures().forEach(m -> ratioColumns(header, name + "_final_" + m.column() + "_ratio"));
        }
        AtomicFiles.writeText(file, out -> {
            CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
            csv.printRecord(header);
            for (Row row : rows) {
                List<Object> values = new ArrayList<>(List.of(row.protocol()));
                swept.forEach(key -> values.add(row.coordinates().get(key)));
                values.add(row.seeds());
                values.add(row.cut());
                for (int t = 0; t < targets.size(); t++) {
                    values.add(row.timeTo().get(t).reached());
                    for (TimeTo time : List.of(row.roundsTo().get(t), row.timeTo().get(t))) {
                        values.addAll(List.of(time.value(), time.low(), time.high(), time.kind().column()));
                    }
                    for (String baseline : protocols) {
                        List<PairedRatio> speedup = row.speedups().get(baseline);
                        addRatio(values, speedup == null ? null : speedup.get(t));
                    }
                }
                row.finals().values().forEach(i -> values.addAll(List.of(i.mean(), i.low(), i.high())));
                for (String name : names) {
                    Compared c = compared.stream().filter(x -> x.name().equals(name) && x.pair().candidate().equals(row.coordinates())
                            && x.pair().candidateProtocol().equals(row.protocol())).findFirst().orElse(null);
                    for (int t = 0; t < targets.size(); t++) {
                        addRatio(values, c == null ? null : c.speedups().get(t));
                    }
                    table.measures().forEach(m -> addRatio(values, c == null ? null : c.finals().get(m)));
                }
                csv.printRecord(values);
            }
            csv.flush();
        });
    }

    private static void ratioColumns(List<String> header, String column) {
        header.addAll(List.of(column, column + "_ci95_low", column + "_ci95_high", column + "_pairs"));
    }

    private static void addRatio(List<Object> values, PairedRatio ratio) {
        if (ratio == null) {
            values.addAll(List.of("", "", "", ""));
        } else {
            values.addAll(List.of(ratio.value(), ratio.low(), ratio.high(), ratio.pairs()));
        }
    }
}
