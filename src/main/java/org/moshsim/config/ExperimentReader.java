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
    private static final List<Double> DEFAULT_TARGETS = List.of(1e-4, 1e-9);
    private static final String POINTS = "points";
    /** The most runs one config may make: hundreds of thousands are fine, their metrics must fit in one results folder. */
    static final long MAX_RUNS = 1_000_000;
    /** Configs are a few kB; a file far larger is a mistake (and YAML would take long to parse it). */
    static final long MAX_CONFIG_BYTES = 1 << 20;
    /** The results folder, its work folder and a shard's suffix must fit in a file name of 255 bytes. */
    static final int MAX_NAME = 100;
    private static final List<String> POINT_KEYS = List.of("peers", "dim", "rounds", "init", "failures", "swarm", "network",
            "compute", "availability", "timing", "training", "compression", "packet-loss", "label");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._+=-]*");
    /** The column of a point's label (metrics.csv, summaries, compare selectors), when the config names its points. */
    static final String POINT = "point";
    /** A ratio over fewer seed pairs than this (or than all seeds, when fewer run) is marked, unless the config says otherwise. */
    private static final int MIN_SEEDS = 3;

    private ExperimentReader() {
    }

    /** Reads a config file; {@code seeds} (if not null) overrides the config's seed count. */
    public static Experiment read(Path file, Integer seeds) {
        return parse(file.toString(), text(file), seeds);
    }

    /** The config's seed count, or {@code --seeds} when given (and then recorded in the resolved config). */
    static int seeds(Section top, Integer override) {
        int seeds = top.integer("seeds", 1, 1, false);
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

    /** Reads config text; {@code file} names it in error messages. */
    public static Experiment parse(String file, String text, Integer seedsOverride) {
        Node tree = YamlTree.parse(file, text);
        new Section(new Sweep(file, Map.of()), "", tree); // checks that the config is a mapping
        Node.Mapping root = (Node.Mapping) tree;
        List<String> varying = new ArrayList<>();
        List<Base> bases = bases(file, root, varying);

        Sweep discovery = new Sweep(file, Map.of());
        Section top = new Section(discovery, "", bases.get(0).merged());
        String name = top.text("name", NAME, "a name of letters, digits, '.', '_' or '-' (it names the results folder)", null);
        if (name.length() > MAX_NAME) {
            throw top.error("name", "a name of " + name.length() + " characters is too long for the results folder; at most " + MAX_NAME);
        }
        Scenario first = ScenarioReader.read(top);
        int seeds = seeds(top, seedsOverride);
        TrainingSpec training = first.training();
        List<Measure> measures = training == null ? List.of(Measure.MSE) : training.measures();
        List<Target> targets = new ArrayList<>();
        top.numbers("targets", Double.MIN_VALUE, Double.POSITIVE_INFINITY, training == null ? DEFAULT_TARGETS : List.of(),
                "positive " + measures.get(0).column() + " targets, e.g. [1.0e-4, 1.0e-9]")
                .forEach(level -> targets.add(new Target(measures.get(0), level)));
        if (measures.contains(Measure.ACCURACY)) {
            top.numbers("accuracy-targets", 0, 1, List.of(), "test accuracies to reach, e.g. [0.9, 0.95]")
                    .forEach(level -> targets.add(new Target(Measure.ACCURACY, level)));
        }
        // Time is worth a figure only where the config models it; a pure averaging experiment's seconds say nothing.
        List<String> figures = top.choices("figures", Experiment.FIGURES, training != null ? List.of("time", "speedup")
                : timeModelled(root) ? Experiment.TIME_FIGURES : List.of("rounds"));
        if (targets.isEmpty() && figures.contains("speedup")) {
            // Speedups are to targets: without any there is nothing to draw.
            if (top.has("figures")) {
                throw top.error("figures", "speedup compares the seconds to targets, and the config has none; set targets or "
                        + "accuracy-targets, or leave speedup out");
            }
            figures = figures.stream().filter(f -> !f.equals("speedup")).toList();
            top.resolve("figures", figures);
        }
        List<Node> protocolNodes = top.list("protocols", "a list of protocols, e.g. - {type: moshpit, grid: [32, 32]}");
        String reference = top.has("reference") ? top.text("reference", LABEL, "a protocol's label, e.g. all-reduce", null) : null;
        int minSeeds = top.integer("min-seeds", 1, Math.min(MIN_SEEDS, seeds), false);
        top.permit(POINTS);
        top.permit(ComparisonReader.KEY);
        top.finish();

        // Each protocol entry's own sweep, found once against the first point.
        List<Sweep> protocolSweeps = new ArrayList<>();
        List<Object> resolvedProtocols = new ArrayList<>();
        long protocolCount = 0;
        for (int i = 0; i < protocolNodes.size(); i++) {
            Sweep own = new Sweep(file, Map.of());
            Section entry = new Section(own, "protocols[" + i + "]", protocolNodes.get(i));
            ProtocolReader.read(entry, first, top, "");
            entry.finish();
            protocolSweeps.add(own);
            protocolCount = Math.min(Long.MAX_VALUE / 2, protocolCount + Sweep.size(own.axes()));
            resolvedProtocols.add(entry.resolved());
        }
        top.resolve("protocols", resolvedProtocols);

        // The size of the sweep, counted before it is expanded: a list too long to run is refused at once.
        List<Sweep> baseSweeps = new ArrayList<>();
        long pointCount = 0;
        for (Base base : bases) {
            Sweep baseSweep = new Sweep(file, Map.of());
            ScenarioReader.read(new Section(baseSweep, "", base.merged()));
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
        record Reading(Base base, Map<String, Object> resolved, Sweep sweep, Scenario scenario, List<ProtocolSpec> protocols) {
        }
        Set<String> swept = new LinkedHashSet<>();
        if (bases.stream().anyMatch(b -> b.label() != null)) {
            swept.add(POINT);
        }
        swept.addAll(varying);
        List<Reading> readings = new ArrayList<>();
        for (int b = 0; b < bases.size(); b++) {
            Base point = bases.get(b);
            Node.Mapping base = point.merged();
            Sweep baseSweep = baseSweeps.get(b);
            baseSweep.axes().forEach(axis -> swept.add(axis.path()));
            for (Map<String, Integer> choice : Sweep.combinations(baseSweep.axes())) {
                Sweep sweep = new Sweep(file, choice);
                Section section = new Section(sweep, "", base);
                Scenario scenario = ScenarioReader.read(section);
                List<ProtocolSpec> protocols = new ArrayList<>();
                Set<String> labels = new HashSet<>();
                for (int i = 0; i < protocolNodes.size(); i++) {
                    for (Map<String, Integer> variant : variants.get(i)) {
                        String suffix = labelSuffix(protocolSweeps.get(i).axes(), variant, "protocols[" + i + "].");
                        Section entry = new Section(new Sweep(file, variant), "protocols[" + i + "]", protocolNodes.get(i));
                        ProtocolSpec spec = ProtocolReader.read(entry, scenario, section, suffix);
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
    private static String coordinate(Base base, Map<String, Object> resolved, String path) {
        Node own = base.overrides();
        for (String key : path.split("\\.")) {
            own = own instanceof Node.Mapping m ? m.entries().get(key) : null;
        }
        Object value = own != null ? Section.plain(own) : lookup(resolved, path);
        return value == null ? "" : Sweep.display(value);
    }

    /** A point's mapping (the config with a {@code points} entry laid over it), the entry itself, and its label. */
    private record Base(Node.Mapping merged, Node.Mapping overrides, String label) {
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

    /**
     * The mappings the points are read from: the config itself, or, when it lists {@code points}, the config
     * with each entry's keys laid over it. Collects the key paths the entries set into {@code varying}.
     */
    private static List<Base> bases(String file, Node.Mapping root, List<String> varying) {
        Node points = root.entries().get(POINTS);
        if (points == null) {
            return List.of(new Base(root, null, null));
        }
        Map<String, Node> shared = new LinkedHashMap<>(root.entries());
        shared.remove(POINTS);
        Node.Mapping common = new Node.Mapping(shared, root.line());
        if (!(points instanceof Node.Sequence list) || list.items().isEmpty()) {
            throw new ConfigError(file, points.line(), "points: expected a list of mappings such as - {peers: 1024, failures: {p: 0}}");
        }
        List<Base> bases = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            if (!(item instanceof Node.Mapping entries)) {
                throw new ConfigError(file, item.line(), "points[" + i + "]: expected a mapping of keys such as {peers: 1024}");
            }
            Map<String, Node> keys = new LinkedHashMap<>(entries.entries());
            Node labelNode = keys.remove("label");
            String label = null;
            if (labelNode != null) {
                if (!(labelNode instanceof Node.Scalar scalar) || scalar.kind() == Node.Kind.NULL || !LABEL.matcher(scalar.text()).matches()) {
                    throw new ConfigError(file, labelNode.line(), "points[" + i + "].label: " + Node.describe(labelNode)
                            + " is not allowed; expected a name of letters, digits, spaces, '.', '_', '+', '=' or '-', e.g. lossy-10");
                }
                label = scalar.text();
                if (!labels.add(label)) {
                    throw new ConfigError(file, labelNode.line(), "points[" + i + "].label: '" + label
                            + "' names two points; give each point a distinct label");
                }
            }
            Node.Mapping overrides = new Node.Mapping(keys, entries.line());
            for (Map.Entry<String, Node> entry : overrides.entries().entrySet()) {
                if (!POINT_KEYS.contains(entry.getKey())) {
                    throw new ConfigError(file, entry.getValue().line(), "points[" + i + "]: unknown key '" + entry.getKey()
                            + "'; allowed in a point: " + String.join(", ", POINT_KEYS));
                }
            }
            leafPaths("", overrides).forEach(path -> {
                if (!varying.contains(path)) {
                    varying.add(path);
                }
            });
            bases.add(new Base(merge(common, overrides), overrides, label));
        }
        return bases;
    }

    private static Node.Mapping merge(Node.Mapping under, Node.Mapping over) {
        Map<String, Node> entries = new LinkedHashMap<>(under.entries());
        over.entries().forEach((key, value) -> entries.merge(key, value, (a, b) ->
                a instanceof Node.Mapping ma && b instanceof Node.Mapping mb ? merge(ma, mb) : b));
        return new Node.Mapping(entries, over.line());
    }

    private static List<String> leafPaths(String prefix, Node.Mapping mapping) {
        List<String> paths = new ArrayList<>();
        mapping.entries().forEach((key, value) -> {
            if (value instanceof Node.Mapping nested) {
                paths.addAll(leafPaths(prefix + key + ".", nested));
            } else {
                paths.add(prefix + key);
            }
        });
        return paths;
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
