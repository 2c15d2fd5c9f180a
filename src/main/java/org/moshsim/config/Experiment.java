package org.moshsim.config;

import java.util.List;
import java.util.Map;
import org.moshsim.Comparison;
import org.moshsim.Measure;
import org.moshsim.Target;

/**
 * A validated experiment: every point of its sweep, resolved, with the protocols to compare and the seeds
 * to run each with ({@code 0 .. seeds-1}).
 *
 * @param sweptKeys the key paths that vary between points, in the order of the points' coordinates
 * @param measures what every run measures (the mse; or a loss, an accuracy... in training)
 * @param figures which figures to draw: {@code rounds} (mse against rounds), {@code time} (against simulated
 *                seconds), {@code speedup}, and {@code bytes} (against GB sent by the busiest peer)
 * @param resolved the config with every default filled in, sweeps kept as lists; written next to the results
 * @param reference the protocol every speedup is taken against ({@code reference}), or null for the first
 * @param comparisons the {@code compare} entries, resolved to the cells they pair
 * @param minSeeds ratios over fewer seed pairs are marked ({@code min-seeds}; default 3, or all seeds when fewer)
 */
public record Experiment(String name, List<String> sweptKeys, List<Point> points, int seeds, List<Target> targets,
                         List<Measure> measures, List<String> figures, Map<String, Object> resolved, String reference,
                         List<Comparison> comparisons, int minSeeds) {
    public static final List<String> FIGURES = List.of("rounds", "time", "speedup", "bytes");
    /** The figures of an experiment that models time, unless it names its own. */
    public static final List<String> TIME_FIGURES = List.of("rounds", "time", "speedup");
    /**
     * Keys that change what is reported or how many seeds run, but not what a run computes: runs finished before
     * stay valid when they change (more seeds run only the new ones).
     */
    public static final List<String> REPORT_KEYS = List.of("name", "seeds", "targets", "accuracy-targets", "figures", "reference",
            "compare", "min-seeds");

    public Experiment {
        sweptKeys = List.copyOf(sweptKeys);
        points = List.copyOf(points);
        targets = List.copyOf(targets);
        measures = List.copyOf(measures);
        figures = List.copyOf(figures);
        comparisons = List.copyOf(comparisons);
    }

    /**
     * Why the experiment needs the CPU backend (it accumulates to a target batch, averages models through a compressed
     * all-reduce, or averages from snapshots), or null when any backend runs it.
     */
    public String cpuOnly() {
        for (Point point : points) {
            if (point.scenario().training() != null && point.scenario().training().targetsBatch()) {
                return "training mode target-batch";
            }
            if (point.scenario().training() != null && point.scenario().training().optimizer().stateRows() > 0) {
                return "training.optimizer keeps state (" + point.scenario().training().optimizer().getClass().getSimpleName()
                        .toLowerCase(java.util.Locale.ROOT) + ")";
            }
            for (ProtocolSpec p : point.protocols()) {
                org.moshsim.compress.Compression compression = p instanceof ProtocolSpec.Trained trained
                        && trained.compression() != null ? trained.compression() : point.scenario().compression();
                if (!p.exchangesGradients() && !compression.standsAlone()) {
                    return "protocol '" + p.label() + "' averages models through a compressed all-reduce";
                }
                if (p instanceof ProtocolSpec.Trained trained && trained.averagesSnapshots()) {
                    return "protocol '" + p.label() + "' averages in the background from snapshots (averaging.apply: "
                            + trained.apply().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ")";
                }
            }
        }
        return null;
    }

    /** The resolved config without {@link #REPORT_KEYS}: what decides the numbers each run computes. */
    public Map<String, Object> runDefinition() {
        Map<String, Object> definition = new java.util.LinkedHashMap<>(resolved);
        REPORT_KEYS.forEach(definition::remove);
        // A trace file's name is in the config, its rows are not: an edited trace is another definition.
        List<Integer> traces = points.stream().map(p -> p.scenario().availability())
                .filter(AvailabilitySpec.Trace.class::isInstance)
                .map(t -> java.util.Arrays.deepHashCode(((AvailabilitySpec.Trace) t).intervals().toArray())).distinct().toList();
        if (!traces.isEmpty()) {
            definition.put("trace rows", traces);
        }
        return definition;
    }

    /** How many simulations the experiment runs: points x protocols x seeds. */
    public int runCount() {
        return points.stream().mapToInt(p -> p.protocols().size()).sum() * seeds;
    }
}
