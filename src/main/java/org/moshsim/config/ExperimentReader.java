package org.moshsim.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.moshsim.BadInput;
import org.moshsim.Measure;
import org.moshsim.Target;

/**
 * Reads an experiment config. The file is read twice over: once to find the swept keys (any list where one
 * value is expected), then once per point of their cartesian product, checking every value it will run.
 * A list inside a protocol entry sweeps that protocol only: it becomes several protocols with labels such as
 * {@code random-groups group-size=16}.
 */
public final class ExperimentReader {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String DEFAULT_TARGETS = "[1e-4, 1e-9]";
    private static final String POINTS = "points";
    /** The most runs one config may make: hundreds of thousands are fine, their metrics must fit in one results folder. */
    static final long MAX_RUNS = 1_000_000;
    /** Configs are a few kB; a file far larger is a mistake (and YAML would take long to parse it). */
    static final long MAX_CONFIG_BYTES = 1 << 20;
    /** The results folder, its work folder and a shard's suffix must fit in a file name of 255 bytes. */
    static final int MAX_NAME = 100;
    /** The column of a point's label (metrics.csv, summaries, compare selectors), when the config names its points. */
    static final String POINT = "point";
    /** A ratio over fewer seed pairs than this (or than all seeds, when fewer run) is marked, unless the config says otherwise. */
    private static final int MIN_SEEDS = 3;

    private static final Key<String> NAME_KEY = Key.text("name", NAME, "a name of letters, digits, '.', '_' or '-' (it names the "
            + "results folder)", "the experiment's name: results go to results/NAME/");
    private static final Key<Integer> SEEDS = Key.integer("seeds", 1, "every point runs every protocol with seeds 0 .. N-1 "
            + "(--seeds overrides it)").orElse("1").once();
    private static final Key<List<Double>> TARGETS = Values.numbers("targets", Double.MIN_VALUE, Double.POSITIVE_INFINITY,
            "positive mse targets, e.g. [1.0e-4, 1.0e-9]", "levels of the first measure (mse; training: loss, or the loss above "
                    + "the optimum) whose rounds and seconds to reach the tables give").computed("[1e-4, 1e-9]; training: none");
    private static final Key<List<Double>> ACCURACY_TARGETS = Values.numbers("accuracy-targets", 0, 1, "test accuracies to reach, "
            + "e.g. [0.9, 0.95]", "test accuracies whose times to reach the tables give").orElse("[]")
            .when("training a classifier (logistic, mlp)");
    private static final Key<List<String>> FIGURES = Values.choices("figures", Experiment.FIGURES, "which figures to draw: "
            + "rounds, time, speedup, bytes (against GB sent)").computed("training: [time, speedup]; with a time model: "
            + String.join(", ", Experiment.TIME_FIGURES) + "; else [rounds]");
    static final Key<Void> PROTOCOLS = Key.mapping("protocols", "list of mappings", "a list of protocols, e.g. - {type: moshpit, "
            + "grid: [32, 32]}", null, List.of(), "the protocols every point runs; see the protocol types below");
    private static final Key<String> REFERENCE = Key.text("reference", Points.LABEL, "a protocol's label, e.g. all-reduce", "the "
            + "protocol speedups are taken against").computed("the first protocol");
    private static final Key<Integer> MIN_SEEDS_KEY = Key.integer("min-seeds", 1, "ratios over fewer seed pairs are marked "
            + "\u2020").computed("3, or all seeds when fewer").once();
    static final Key<Void> POINTS_KEY = Key.mapping(POINTS, "list of mappings", "a list of mappings such as - {peers: 1024, "
            + "failures: {p: 0}}", null, List.of(Points.ENTRY), "points to run instead of the cartesian product: each entry "
            + "overrides keys of the config").computed("the sweep's cartesian product");
    /** Every key at the top of a config, in the order the reference lists them. */
    static final KeySet TOP = top();

    private ExperimentReader() {
    }

    private static KeySet top() {
        List<Key<?>> keys = new ArrayList<>();
        keys.add(NAME_KEY);
        keys.addAll(ScenarioReader.KEYS);
        keys.addAll(List.of(SEEDS, TARGETS, ACCURACY_TARGETS, FIGURES, PROTOCOLS, REFERENCE, MIN_SEEDS_KEY, POINTS_KEY,
                ComparisonReader.COMPARE));
        return new KeySet("", "the top level", "A config is one YAML mapping. A list where one value is expected sweeps the key.",
                keys);
    }

    /**
     * Reads a config file, naming protocol types from {@code catalogue}; {@code seeds} (if not null) overrides the config's
     * seed count.
     */
    public static Experiment read(Path file, Integer seeds, ProtocolCatalogue catalogue) {
        return parse(file.toString(), text(file), seeds, catalogue);
    }

    /** The config's seed count, or {@code --seeds} when given (and then recorded in the resolved config). */
    static int seeds(Section top, Integer override) {
        int seeds = top.get(SEEDS);
        if (override != null) {
            if (override < 1) {
                throw new BadInput("--seeds: " + override + " is not allowed; expected an integer >= 1");
            }
            seeds = override;
            top.resolve("seeds", seeds);
        }
        return seeds;
    }

    /** A config file's text; bad input when it cannot be read, is no regular file or is larger than a config can be. */
    static String text(Path file) {
        return new String(bytes(file, MAX_CONFIG_BYTES, "a config"), StandardCharsets.UTF_8);
    }

    /**
     * An input file's bytes: it must be a regular file (a named pipe would block, a device such as /dev/zero never
     * end) of at most {@code limit} bytes.
     */
    static byte[] bytes(Path file, long limit, String what) {
        try {
            if (!Files.exists(file)) {
                throw new BadInput(file + ": no such file");
            }
            if (!Files.isRegularFile(file)) {
                throw new BadInput(file + ": not a regular file (" + (Files.isDirectory(file) ? "a folder" : "a pipe, socket or device")
                        + "); give " + what + " file");
            }
            long size = Files.size(file);
            if (size > limit) {
                throw new BadInput(file + ": " + size + " bytes is too large for " + what + "; at most " + limit + " bytes are read");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInput(file + ": no such file");
        } catch (IOException e) {
            throw new BadInput(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * Reads config text; {@code file} names it in error messages (and relative paths in it are relative to its folder).
     */
    public static Experiment parse(String file, String text, Integer seedsOverride, ProtocolCatalogue catalogue) {
        Node tree = YamlTree.parse(file, text);
        new Section(new Sweep(file, Map.of()), "", tree, TOP); // checks that the config is a mapping
        Node.Mapping root = (Node.Mapping) tree;
        List<String> varying = new ArrayList<>();
        List<Points.Base> bases = Points.bases(file, root, varying);

        Sweep discovery = new Sweep(file, Map.of());
        Section top = new Section(discovery, "", bases.get(0).merged(), TOP);
        String name = top.get(NAME_KEY);
        if (name.length() > MAX_NAME) {
            throw top.error("name", "a name of " + name.length() + " characters is too long for the results folder; at most " + MAX_NAME);
        }
        Scenario first = ScenarioReader.read(top);
        int seeds = seeds(top, seedsOverride);
        TrainingSpec training = first.training();
        List<Measure> measures = training == null ? List.of(Measure.MSE) : training.measures();
        List<Target> targets = new ArrayList<>();
        Key<List<Double>> targetKey = TARGETS.shaped(TARGETS.type(), "positive " + measures.get(0).column() + " targets, e.g. "
                + "[1.0e-4, 1.0e-9]", TARGETS.schema());
        top.get(targetKey, training == null ? DEFAULT_TARGETS : "[]").forEach(level -> targets.add(new Target(measures.get(0), level)));
        if (measures.contains(Measure.ACCURACY)) {
            top.get(ACCURACY_TARGETS).forEach(level -> targets.add(new Target(Measure.ACCURACY, level)));
        }
        // Time is worth a figure only where the config models it; a pure averaging experiment's seconds say nothing.
        List<String> figures = top.get(FIGURES, String.join(", ", training != null ? List.of("time", "speedup")
                : timeModelled(root) ? Experiment.TIME_FIGURES : List.of("rounds")));
        if (targets.isEmpty() && figures.contains("speedup")) {
            // Speedups are to targets: without any there is nothing to draw.
            if (top.has("figures")) {
                throw top.error("figures", "speedup compares the seconds to targets, and the config has none; set targets or "
                        + "accuracy-targets, or leave speedup out");
            }
            figures = figures.stream().filter(f -> !f.equals("speedup")).toList();
            top.resolve("figures", figures);
        }
        List<Node> protocolNodes = top.list(PROTOCOLS);
        String reference = top.has(REFERENCE) ? top.get(REFERENCE, (String) null) : null;
        int minSeeds = top.get(MIN_SEEDS_KEY, String.valueOf(Math.min(MIN_SEEDS, seeds)));
        top.permit(POINTS_KEY);
        top.permit(ComparisonReader.COMPARE);
        top.finish();

        // Each protocol entry's own sweep, found once against the first point.
        List<Sweep> protocolSweeps = new ArrayList<>();
        List<Object> resolvedProtocols = new ArrayList<>();
        long protocolCount = 0;
        for (int i = 0; i < protocolNodes.size(); i++) {
            Sweep own = new Sweep(file, Map.of());
            Section entry = ProtocolReader.entry(own, i, protocolNodes.get(i), catalogue);
            ProtocolReader.read(entry, first, top, "", catalogue);
            entry.finish();
            protocolSweeps.add(own);
            protocolCount = Math.min(Long.MAX_VALUE / 2, protocolCount + Sweep.size(own.axes()));
            resolvedProtocols.add(entry.resolved());
        }
        top.resolve("protocols", resolvedProtocols);

        // The size of the sweep, counted before it is expanded: a list too long to run is refused at once.
        List<Sweep> baseSweeps = new ArrayList<>();
        long pointCount = 0;
        for (Points.Base base : bases) {
            Sweep baseSweep = new Sweep(file, Map.of());
            ScenarioReader.read(new Section(baseSweep, "", base.merged(), TOP));
            baseSweeps.add(baseSweep);
            pointCount = Math.min(Long.MAX_VALUE / 2, pointCount + Sweep.size(baseSweep.axes()));
        }
        long runCount = Sweep.times(Sweep.times(pointCount, protocolCount), seeds);
        if (runCount > MAX_RUNS) {
            List<Sweep.Axis> axes = new ArrayList<>();
            baseSweeps.forEach(b -> axes.addAll(b.axes()));
            protocolSweeps.forEach(p -> axes.addAll(p.axes()));
            Sweep.Axis longest = axes.stream().max(java.util.Comparator.comparingInt(a -> a.values().size())).orElse(null);
            throw new ConfigError(file, longest == null ? top.lineOf("seeds") : longest.line(), (longest == null ? "seeds" : longest.path())
                    + ": the sweep makes " + count(pointCount) + " points x " + count(protocolCount) + " protocols x " + seeds
                    + " seeds = " + count(runCount) + " runs; at most " + MAX_RUNS + " are allowed in one config: sweep fewer values "
                    + "or split the sweep into several configs");
        }
        List<List<Map<String, Integer>>> variants = new ArrayList<>();
        protocolSweeps.forEach(own -> variants.add(Sweep.combinations(own.axes())));

        // Every point: each base (one per entry of 'points', else the config itself) times its own sweep.
        record Reading(Points.Base base, Map<String, Object> resolved, Sweep sweep, Scenario scenario, List<ProtocolSpec> protocols) {
        }
        Set<String> swept = new LinkedHashSet<>();
        if (bases.stream().anyMatch(b -> b.label() != null)) {
            swept.add(POINT);
        }
        swept.addAll(varying);
        List<Reading> readings = new ArrayList<>();
        for (int b = 0; b < bases.size(); b++) {
            Points.Base point = bases.get(b);
            Node.Mapping base = point.merged();
            Sweep baseSweep = baseSweeps.get(b);
            baseSweep.axes().forEach(axis -> swept.add(axis.path()));
            for (Map<String, Integer> choice : Sweep.combinations(baseSweep.axes())) {
                Sweep sweep = new Sweep(file, choice);
                Section section = new Section(sweep, "", base, TOP);
                Scenario scenario = ScenarioReader.read(section);
                List<ProtocolSpec> protocols = new ArrayList<>();
                Set<String> labels = new HashSet<>();
                for (int i = 0; i < protocolNodes.size(); i++) {
                    for (Map<String, Integer> variant : variants.get(i)) {
                        String suffix = labelSuffix(protocolSweeps.get(i).axes(), variant, "protocols[" + i + "].");
                        Section entry = ProtocolReader.entry(new Sweep(file, variant), i, protocolNodes.get(i), catalogue);
                        ProtocolSpec spec = ProtocolReader.read(entry, scenario, section, suffix, catalogue);
                        if (!labels.add(spec.label())) {
                            throw entry.error("label", "'" + spec.label() + "' names two protocols; give each a distinct label");
                        }
                        protocols.add(spec);
                    }
                }
                readings.add(new Reading(point, section.resolved(), sweep, scenario, protocols));
            }
        }
        // A key that one point sets to a word and another to a mapping (compression: none | {codec: int, bits: 4}) is
        // one column, not a column per nested key.
        swept.removeIf(path -> swept.stream().anyMatch(other -> path.startsWith(other + ".")));
        List<Point> points = new ArrayList<>();
        for (Reading reading : readings) {
            Map<String, String> coordinates = new LinkedHashMap<>();
            for (String path : swept) {
                coordinates.put(path, path.equals(POINT) ? (reading.base().label() == null ? "" : reading.base().label())
                        : reading.sweep().chosen(path).map(Sweep::display).orElseGet(() -> coordinate(reading.base(), reading.resolved(), path)));
            }
            points.add(new Point(coordinates, reading.scenario(), reading.protocols()));
        }
        List<String> labels = points.get(0).protocols().stream().map(ProtocolSpec::label).toList();
        if (reference != null && !labels.contains(reference)) {
            throw top.error("reference", "'" + reference + "' names no protocol; expected one of: " + String.join(", ", labels));
        }
        // The columns a points entry sets: a point's label stands for them all.
        List<String> entryKeys = swept.stream()
                .filter(path -> varying.stream().anyMatch(v -> v.equals(path) || v.startsWith(path + "."))).toList();
        List<org.moshsim.Comparison> comparisons = ComparisonReader.read(file, root.entries().get(ComparisonReader.KEY),
                List.copyOf(swept), points, entryKeys);
        long lossy = points.stream().filter(p -> p.scenario().packetLoss() != null).count();
        if (lossy > 0 && lossy < points.size()) {
            throw top.error("packet-loss", "set in some points but not in others; give every point one "
                    + "({rate: 0} for lossless links) or none");
        }
        List<Measure> measured = measured(points, measures, lossy > 0);
        RunLimits.check(file, root, points, seeds, measured.size());
        Map<String, Object> resolved = resolved(top, root, varying);
        if (root.entries().containsKey(ComparisonReader.KEY)) {
            resolved.put(ComparisonReader.KEY, Section.plain(root.entries().get(ComparisonReader.KEY)));
        }
        return new Experiment(name, List.copyOf(swept), points, seeds, targets, measured, figures, resolved, reference, comparisons,
                minSeeds);
    }

    /**
     * A swept key's value at a point, as its column shows it: what the point's entry sets (a mapping as its keys and
     * values, {@code codec: int, bits: 4}), else the resolved value; empty where the point has none.
     */
    private static String coordinate(Points.Base base, Map<String, Object> resolved, String path) {
        Node own = base.overrides();
        for (String key : path.split("\\.")) {
            own = own instanceof Node.Mapping m ? m.entries().get(key) : null;
        }
        Object value = own != null ? Section.plain(own) : lookup(resolved, path);
        return value == null ? "" : Sweep.display(value);
    }

    /**
     * What every run of the experiment measures: under loss the members of an averaging end with different values, so
     * their spread too; training by gradient exchange the aggregates' bias and error, under DropCompute the drop rate.
     */
    private static List<Measure> measured(List<Point> points, List<Measure> measures, boolean lossy) {
        if (points.get(0).scenario().training() == null) {
            return lossy ? List.of(Measure.MSE, Measure.SPREAD) : measures;
        }
        List<Measure> measured = new ArrayList<>(measures);
        if (points.stream().anyMatch(p -> p.scenario().training().dropsCompute())) {
            measured.add(Measure.DROP_RATE);
        }
        if (points.stream().flatMap(p -> p.protocols().stream()).anyMatch(ProtocolSpec::exchangesGradients)) {
            measured.addAll(List.of(Measure.AGGREGATE_BIAS, Measure.AGGREGATE_ERROR));
        }
        return measured;
    }

    /** A number too large to be worth writing exactly. */
    private static String count(long n) {
        return n >= Long.MAX_VALUE / 2 ? "more than 10^18" : Long.toString(n);
    }

    private static final List<String> TIME_KEYS = List.of("swarm", "network", "compute", "availability", "timing", "training", "compression", "packet-loss");

    /** Whether the config sets any key of the time model, at the top or in a point. */
    private static boolean timeModelled(Node.Mapping root) {
        if (TIME_KEYS.stream().anyMatch(root.entries()::containsKey)) {
            return true;
        }
        return root.entries().get(POINTS) instanceof Node.Sequence points && points.items().stream()
                .anyMatch(p -> p instanceof Node.Mapping m && TIME_KEYS.stream().anyMatch(m.entries()::containsKey));
    }

    /** The resolved config: as read for the first point, but keys that points set keep the config's own value. */
    private static Map<String, Object> resolved(Section top, Node.Mapping root, List<String> varying) {
        Map<String, Object> resolved = top.resolved();
        for (String path : varying) {
            // Where the config's own value stops being a mapping (a word such as compression: float16 that a point
            // overrides with a mapping, or no value), that value stands for the whole key.
            String[] keys = path.split("\\.");
            Node own = root;
            int depth = 0;
            do {
                own = own instanceof Node.Mapping m ? m.entries().get(keys[depth]) : null;
                depth++;
            } while (depth < keys.length && own instanceof Node.Mapping);
            put(resolved, String.join(".", java.util.Arrays.copyOf(keys, depth)), own == null ? null : Section.plain(own));
        }
        if (root.entries().containsKey(POINTS)) {
            resolved.put(POINTS, Section.plain(root.entries().get(POINTS)));
        }
        return resolved;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> map, String path, Object value) {
        String[] keys = path.split("\\.");
        for (int k = 0; k < keys.length - 1; k++) {
            if (!(map.get(keys[k]) instanceof Map)) {
                map.put(keys[k], new LinkedHashMap<String, Object>());
            }
            map = (Map<String, Object>) map.get(keys[k]);
        }
        if (value == null) {
            map.remove(keys[keys.length - 1]);
        } else {
            map.put(keys[keys.length - 1], value);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object lookup(Map<String, Object> map, String path) {
        Object value = map;
        for (String key : path.split("\\.")) {
            value = value instanceof Map ? ((Map<String, Object>) value).get(key) : null;
        }
        return value;
    }

    private static String labelSuffix(List<Sweep.Axis> axes, Map<String, Integer> variant, String prefix) {
        StringBuilder suffix = new StringBuilder();
        for (Sweep.Axis axis : axes) {
            suffix.append(' ').append(axis.path().substring(prefix.length())).append('=').append(axis.display(variant.get(axis.path())));
        }
        return suffix.toString();
    }
}
