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

/**
 * Reads an experiment config. The file is read twice over: once to find the swept keys (any list where one
 * value is expected), then once per point of their cartesian product, checking every value it will run.
 * A list inside a protocol entry sweeps that protocol only: it becomes several protocols with labels such as
 * {@code random-groups group-size=16}.
 */
public final class ExperimentReader {
    private static final Pattern AUTO = Pattern.compile("auto");
    private static final Pattern LABEL = Pattern.compile("\\S(.*\\S)?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final List<Double> DEFAULT_TARGETS = List.of(1e-4, 1e-9);
    private static final String POINTS = "points";
    private static final List<String> POINT_KEYS = List.of("peers", "dim", "rounds", "init", "failures", "swarm", "network",
            "compute", "availability", "timing");
    private static final List<String> TYPES = List.of("all-reduce", "gossip", "push-sum", "random-groups", "moshpit", "ad-psgd");

    private ExperimentReader() {
    }

    /** Reads a config file; {@code seeds} (if not null) overrides the config's seed count. */
    public static Experiment read(Path file, Integer seeds) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInput(file + ": no such file");
        } catch (IOException e) {
            throw new BadInput(file + ": cannot be read (" + e.getMessage() + ")");
        }
        return parse(file.toString(), text, seeds);
    }

    /** Reads config text; {@code file} names it in error messages. */
    public static Experiment parse(String file, String text, Integer seedsOverride) {
        Node tree = YamlTree.parse(file, text);
        new Section(new Sweep(file, Map.of()), "", tree); // checks that the config is a mapping
        Node.Mapping root = (Node.Mapping) tree;
        List<String> varying = new ArrayList<>();
        List<Node.Mapping> bases = bases(file, root, varying);

        Sweep discovery = new Sweep(file, Map.of());
        Section top = new Section(discovery, "", bases.get(0));
        String name = top.text("name", NAME, "a name of letters, digits, '.', '_' or '-' (it names the results folder)", null);
        Scenario first = readScenario(top);
        int seeds = top.integer("seeds", 1, 1, false);
        if (seedsOverride != null) {
            if (seedsOverride < 1) {
                throw new BadInput("--seeds: " + seedsOverride + " is not allowed; expected an integer >= 1");
            }
            seeds = seedsOverride;
            top.resolve("seeds", seeds);
        }
        List<Double> targets = top.numbers("targets", Double.MIN_VALUE, Double.POSITIVE_INFINITY, DEFAULT_TARGETS,
                "positive error targets, e.g. [1.0e-4, 1.0e-9]");
        // Time is worth a figure only where the config models it; a pure averaging experiment's seconds say nothing.
        List<String> figures = top.choices("figures", Experiment.FIGURES, timeModelled(root) ? Experiment.FIGURES : List.of("rounds"));
        List<Node> protocolNodes = top.list("protocols", "a list of protocols, e.g. - {type: moshpit, grid: [32, 32]}");
        top.permit(POINTS);
        top.finish();

        // Each protocol entry's own sweep, found once against the first point.
        List<List<Map<String, Integer>>> variants = new ArrayList<>();
        List<Sweep> protocolSweeps = new ArrayList<>();
        List<Object> resolvedProtocols = new ArrayList<>();
        for (int i = 0; i < protocolNodes.size(); i++) {
            Sweep own = new Sweep(file, Map.of());
            Section entry = new Section(own, "protocols[" + i + "]", protocolNodes.get(i));
            readProtocol(entry, first, top.lineOf("peers"), "");
            entry.finish();
            protocolSweeps.add(own);
            variants.add(Sweep.combinations(own.axes()));
            resolvedProtocols.add(entry.resolved());
        }
        top.resolve("protocols", resolvedProtocols);

        // Every point: each base (one per entry of 'points', else the config itself) times its own sweep.
        record Reading(Map<String, Object> resolved, Sweep sweep, Scenario scenario, List<ProtocolSpec> protocols) {
        }
        Set<String> swept = new LinkedHashSet<>(varying);
        List<Reading> readings = new ArrayList<>();
        for (Node.Mapping base : bases) {
            Sweep baseSweep = new Sweep(file, Map.of());
            readScenario(new Section(baseSweep, "", base));
            baseSweep.axes().forEach(axis -> swept.add(axis.path()));
            for (Map<String, Integer> choice : Sweep.combinations(baseSweep.axes())) {
                Sweep sweep = new Sweep(file, choice);
                Section section = new Section(sweep, "", base);
                Scenario scenario = readScenario(section);
                List<ProtocolSpec> protocols = new ArrayList<>();
                Set<String> labels = new HashSet<>();
                for (int i = 0; i < protocolNodes.size(); i++) {
                    for (Map<String, Integer> variant : variants.get(i)) {
                        String suffix = labelSuffix(protocolSweeps.get(i).axes(), variant, "protocols[" + i + "].");
                        Section entry = new Section(new Sweep(file, variant), "protocols[" + i + "]", protocolNodes.get(i));
                        ProtocolSpec spec = readProtocol(entry, scenario, section.lineOf("peers"), suffix);
                        if (!labels.add(spec.label())) {
                            throw entry.error("label", "'" + spec.label() + "' names two protocols; give each a distinct label");
                        }
                        protocols.add(spec);
                    }
                }
                readings.add(new Reading(section.resolved(), sweep, scenario, protocols));
            }
        }
        List<Point> points = new ArrayList<>();
        for (Reading reading : readings) {
            Map<String, String> coordinates = new LinkedHashMap<>();
            for (String path : swept) {
                coordinates.put(path, reading.sweep().chosen(path).map(Sweep::display)
                        .orElseGet(() -> Sweep.display(lookup(reading.resolved(), path))));
            }
            points.add(new Point(coordinates, reading.scenario(), reading.protocols()));
        }
        return new Experiment(name, List.copyOf(swept), points, seeds, targets, figures, resolved(top, root, varying));
    }

    private static final List<String> TIME_KEYS = List.of("swarm", "network", "compute", "availability", "timing");

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
    private static List<Node.Mapping> bases(String file, Node.Mapping root, List<String> varying) {
        Node points = root.entries().get(POINTS);
        if (points == null) {
            return List.of(root);
        }
        Map<String, Node> shared = new LinkedHashMap<>(root.entries());
        shared.remove(POINTS);
        Node.Mapping common = new Node.Mapping(shared, root.line());
        if (!(points instanceof Node.Sequence list) || list.items().isEmpty()) {
            throw new ConfigError(file, points.line(), "points: expected a list of mappings such as - {peers: 1024, failures: {p: 0}}");
        }
        List<Node.Mapping> bases = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            if (!(item instanceof Node.Mapping overrides)) {
                throw new ConfigError(file, item.line(), "points[" + i + "]: expected a mapping of keys such as {peers: 1024}");
            }
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
            bases.add(merge(common, overrides));
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
            Node own = root;
            for (String key : path.split("\\.")) {
                own = own instanceof Node.Mapping m ? m.entries().get(key) : null;
            }
            put(resolved, path, own == null ? null : Section.plain(own));
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

    private static Scenario readScenario(Section top) {
        int peers = top.integer("peers", 2, null, true);
        int dim = top.integer("dim", 1, 1, true);
        int rounds = top.integer("rounds", 1, 50, true);
        InitSpec init = readInit(top.section("init"));
        FailureSpec failures = readFailures(top.section("failures"));
        SwarmSpec swarm = readSwarm(top.section("swarm"));
        NetworkSpec network = readNetwork(top.section("network"), dim);
        double compute = top.quantity("compute", Units.DURATION, 0, "0", true);
        AvailabilitySpec availability = readAvailability(top.section("availability"));
        TimingSpec timing = readTiming(top.section("timing"));
        return new Scenario(peers, dim, rounds, init, failures, swarm, network, compute, availability, timing);
    }

    private static SwarmSpec readSwarm(Section swarm) {
        double positive = Double.MIN_VALUE;
        Dist bandwidth = swarm.dist("bandwidth", Units.BANDWIDTH, positive, "1Gbit/s", true);
        Dist upload = swarm.dist("upload", Units.BANDWIDTH, positive, bandwidth, true);
        Dist download = swarm.dist("download", Units.BANDWIDTH, positive, bandwidth, true);
        Dist latency = swarm.dist("latency", Units.DURATION, 0, "0", true);
        Dist speed = swarm.dist("speed", Units.NUMBER, positive, "1", true);
        if (!swarm.has("profiles")) {
            swarm.permit("profiles");
            swarm.finish();
            return new SwarmSpec(List.of(new SwarmSpec.Profile("default", 1, upload, download, latency, speed)));
        }
        List<Node> nodes = swarm.list("profiles", "a list of profiles such as - {name: home, share: 0.5, bandwidth: 100Mbit/s}");
        swarm.finish();
        List<SwarmSpec.Profile> profiles = new ArrayList<>();
        List<Object> resolved = new ArrayList<>();
        double shares = 0;
        for (int i = 0; i < nodes.size(); i++) {
            Section p = swarm.child("profiles[" + i + "]", nodes.get(i));
            String name = p.text("name", LABEL, "a name for the profile", null);
            double share = p.number("share", Double.MIN_VALUE, 1, 1.0 / nodes.size(), true, "a fraction in (0, 1]");
            Dist profileBandwidth = p.dist("bandwidth", Units.BANDWIDTH, positive, (Dist) null, true);
            Dist profileUpload = p.dist("upload", Units.BANDWIDTH, positive, profileBandwidth != null ? profileBandwidth : upload, true);
            Dist profileDownload = p.dist("download", Units.BANDWIDTH, positive,
                    profileBandwidth != null ? profileBandwidth : download, true);
            profiles.add(new SwarmSpec.Profile(name, share, profileUpload, profileDownload,
                    p.dist("latency", Units.DURATION, 0, latency, true), p.dist("speed", Units.NUMBER, positive, speed, true)));
            p.finish();
            resolved.add(p.resolved());
            shares += share;
        }
        if (Math.abs(shares - 1) > 1e-9) {
            throw swarm.error("profiles", "the shares add up to " + shares + "; they must add up to 1");
        }
        swarm.resolve("profiles", resolved);
        return new SwarmSpec(profiles);
    }

    private static NetworkSpec readNetwork(Section network, int dim) {
        double payload = network.quantity("payload", Units.SIZE, 1, String.valueOf(4L * dim), true);
        Dist delay = network.dist("delay", Units.DURATION, 0, "0", true);
        double matchmaking = network.quantity("matchmaking", Units.DURATION, 0, "0", true);
        double timeout = network.quantity("timeout", Units.DURATION, 0, "5s", true);
        network.finish();
        return new NetworkSpec(payload, delay, matchmaking, timeout);
    }

    private static AvailabilitySpec readAvailability(Section availability) {
        String model = availability.choice("model", List.of("none", "churn", "trace"), "none", false);
        AvailabilitySpec spec;
        if (model.equals("churn")) {
            spec = new AvailabilitySpec.Churn(availability.dist("session", Units.DURATION, Double.MIN_VALUE, (String) null, true),
                    availability.dist("downtime", Units.DURATION, Double.MIN_VALUE, (String) null, true),
                    availability.choice("start", List.of("online", "stationary"), "online", true).equals("stationary"));
        } else if (model.equals("trace")) {
            String file = availability.text("file", Pattern.compile(".+"), "the path of a CSV file of peer,start,end rows", null);
            if (!Files.isRegularFile(Path.of(file))) {
                throw availability.error("file", "no such trace file '" + file + "' (paths are relative to the current folder)");
            }
            spec = new AvailabilitySpec.Trace(file, Traces.read(file));
        } else {
            spec = AvailabilitySpec.ALWAYS;
        }
        availability.finish();
        return spec;
    }

    private static TimingSpec readTiming(Section timing) {
        double horizon = timing.has("horizon") ? timing.quantity("horizon", Units.DURATION, Double.MIN_VALUE, null, true)
                : Double.POSITIVE_INFINITY;
        if (!timing.has("horizon")) {
            timing.permit("horizon");
        }
        double sample = timing.has("sample") || Double.isFinite(horizon)
                ? timing.quantity("sample", Units.DURATION, Double.MIN_VALUE, String.valueOf(horizon / 1000), true) : Double.NaN;
        if (!timing.has("sample")) {
            timing.permit("sample");
        }
        timing.finish();
        return new TimingSpec(horizon, sample);
    }

    private static InitSpec readInit(Section init) {
        InitSpec spec;
        if (init.choice("distribution", List.of("normal", "uniform"), "normal", true).equals("normal")) {
            double mean = init.number("mean", -Double.MAX_VALUE, Double.MAX_VALUE, 0.0, true, "a number");
            double std = init.number("std", 0, Double.MAX_VALUE, 1.0, true, "a number >= 0");
            spec = new InitSpec.Normal(mean, std);
        } else {
            double low = init.number("low", -Double.MAX_VALUE, Double.MAX_VALUE, 0.0, true, "a number");
            double high = init.number("high", -Double.MAX_VALUE, Double.MAX_VALUE, 1.0, true, "a number above low");
            if (!(high > low)) {
                throw init.error("high", high + " is not above low " + low + "; expected low < high");
            }
            spec = new InitSpec.Uniform(low, high);
        }
        init.finish();
        return spec;
    }

    private static FailureSpec readFailures(Section failures) {
        FailureSpec spec = FailureSpec.NONE;
        if (failures.choice("model", List.of("none", "bernoulli"), "none", false).equals("bernoulli")) {
            double p = failures.number("p", 0, 1, null, true, "a probability in [0, 1]");
            String semantics = failures.choice("semantics", List.of("exclude", "void"), "exclude", true);
            spec = new FailureSpec(p, semantics.equals("void") ? FailureSemantics.VOID : FailureSemantics.EXCLUDE);
        }
        failures.finish();
        return spec;
    }

    private static ProtocolSpec readProtocol(Section entry, Scenario scenario, int peersLine, String labelSuffix) {
        String type = entry.choice("type", TYPES, null, false);
        String label = entry.text("label", LABEL, "a label without leading or trailing blanks", type) + labelSuffix;
        int peers = scenario.peers();
        switch (type) {
            case "all-reduce":
                return new ProtocolSpec.AllReduce(label);
            case "gossip": {
                int neighbors = entry.integer("neighbors", 1, 1, true);
                if (2L * neighbors >= peers) {
                    throw entry.error("neighbors", neighbors + " on each side needs more than " + 2 * neighbors
                            + " peers on the ring, but peers is " + peers + " (line " + peersLine + ")");
                }
                return new ProtocolSpec.Gossip(label, neighbors);
            }
            case "push-sum": {
                int outDegree = entry.integer("out-degree", 1, 1, true);
                int hops = ProtocolSpec.PushSum.hops(peers);
                if (outDegree > hops) {
                    throw entry.error("out-degree", outDegree + " is more than the " + hops + " distinct hops 1, 2, 4, ... of the "
                            + "exponential graph on " + peers + " peers (line " + peersLine + "); allowed: 1 to " + hops);
                }
                return new ProtocolSpec.PushSum(label, outDegree);
            }
            case "random-groups": {
                int groupSize = entry.integer("group-size", 2, null, true);
                if (groupSize > peers) {
                    throw entry.error("group-size", groupSize + " is more than peers " + peers + " (line " + peersLine
                            + "); allowed: 2 to " + peers);
                }
                return new ProtocolSpec.RandomGroups(label, groupSize, readMode(entry, scenario));
            }
            case "ad-psgd":
                requireHorizon(entry, "type", scenario);
                return new ProtocolSpec.Pairwise(label);
            default: {
                String variant = entry.choice("variant", List.of("grid", "keys"), "grid", true);
                List<Integer> grid;
                if (entry.isText("grid", "auto")) {
                    entry.text("grid", AUTO, "auto", null);
                    grid = autoGrid(peers, entry.integer("group-size", 2, 32, true));
                } else {
                    grid = entry.integers("grid", 2, true, "a list of grid sides >= 2, e.g. [32, 32], or auto");
                }
                boolean async = readMode(entry, scenario);
                ProtocolSpec.Moshpit spec = new ProtocolSpec.Moshpit(label,
                        variant.equals("keys") ? ProtocolSpec.Variant.KEYS : ProtocolSpec.Variant.GRID, grid, async);
                if (async && spec.variant() == ProtocolSpec.Variant.GRID) {
                    throw entry.error("mode", "async needs variant keys: the fixed grid's rounds are global");
                }
                if (async && grid.stream().distinct().count() > 1) {
                    throw entry.error("grid", "asynchronous keys need equal sides (chunk indices of one range), e.g. [32, 32]");
                }
                String shape = grid.stream().map(String::valueOf).reduce((a, b) -> a + "x" + b).orElse("");
                if (spec.cells() > Integer.MAX_VALUE) {
                    throw entry.error("grid", shape + " has " + spec.cells() + " cells; at most " + Integer.MAX_VALUE + " are allowed");
                }
                if (spec.variant() == ProtocolSpec.Variant.GRID && spec.cells() < peers) {
                    throw entry.error("grid", shape + " has " + spec.cells() + " cells but peers is " + peers + " (line " + peersLine
                            + "); variant grid needs a distinct cell for every peer (variant keys allows crowding)");
                }
                return spec;
            }
        }
    }

    /** {@code mode: sync} (global rounds, the default) or {@code async} (peers at their own pace, to the horizon). */
    private static boolean readMode(Section entry, Scenario scenario) {
        boolean async = entry.choice("mode", List.of("sync", "async"), "sync", false).equals("async");
        if (async) {
            requireHorizon(entry, "mode", scenario);
            if (scenario.network().matchmaking() <= 0) {
                throw entry.error("mode", "async groups meet in a matchmaking window; set one, e.g. network: {matchmaking: 0.5s}");
            }
        }
        return async;
    }

    private static void requireHorizon(Section entry, String key, Scenario scenario) {
        if (Double.isInfinite(scenario.timing().horizon())) {
            throw entry.error(key, "an asynchronous protocol runs until the horizon; set one, e.g. timing: {horizon: 60s}");
        }
    }

    /**
     * A grid for N peers in groups of about M: d = ceil(log N / log M) axes of equal side ceil(N^(1/d)), the
     * smallest such that the grid has a cell for every peer.
     */
    static List<Integer> autoGrid(int peers, int groupSize) {
        int d = Math.max(1, (int) Math.ceil(Math.log(peers) / Math.log(groupSize) - 1e-9));
        int side = Math.max(2, (int) Math.ceil(Math.pow(peers, 1.0 / d) - 1e-9));
        while (Math.pow(side, d) < peers) {
            side++;
        }
        List<Integer> grid = new ArrayList<>();
        for (int a = 0; a < d; a++) {
            grid.add(side);
        }
        return grid;
    }

    private static String labelSuffix(List<Sweep.Axis> axes, Map<String, Integer> variant, String prefix) {
        StringBuilder suffix = new StringBuilder();
        for (Sweep.Axis axis : axes) {
            suffix.append(' ').append(axis.path().substring(prefix.length())).append('=').append(axis.display(variant.get(axis.path())));
        }
        return suffix.toString();
    }
}
