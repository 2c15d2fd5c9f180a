package org.moshsim.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The points of a config: the config itself, or, when it lists {@code points}, the config with each entry laid over it.
 * An entry sets scenario keys only, and may name its point with a {@code label}.
 */
final class Points {
    private static final String POINTS = "points";
    private static final List<String> POINT_KEYS = List.of("peers", "dim", "rounds", "init", "failures", "swarm", "network",
            "compute", "availability", "timing", "training", "compression", "packet-loss", "averaging",
            "label");
    static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._+=-]*");
    /** What an entry of {@code points} may set: the scenario's keys, as at the top, and a label. */
    static final KeySet ENTRY = new KeySet("points[]", "points[]", "A point to run: the config with this entry's keys laid "
            + "over it (mappings merge key by key, except that a mapping naming another type, as optimizer: {type: sgd} over "
            + "lamb, replaces the one under it). Its swept keys and label become columns of metrics.csv and summary.csv.",
            entryKeys());

    private Points() {
    }

    private static List<Key<?>> entryKeys() {
        List<Key<?>> keys = new ArrayList<>(ScenarioReader.KEYS.stream().filter(k -> POINT_KEYS.contains(k.name()))
                .map(k -> k.computed("the config's")).toList());
        keys.add(Key.text("label", LABEL, "a name of letters, digits, spaces, '.', '_', '+', '=' or '-', e.g. lossy-10", "names "
                + "the point in tables, titles, legends and a point column (labels must differ)").computed("none"));
        return keys;
    }

    /** A point's mapping (the config with a {@code points} entry laid over it), the entry itself, and its label. */
    record Base(Node.Mapping merged, Node.Mapping overrides, String label) {
    }

    /**
     * The mappings the points are read from: the config itself, or, when it lists {@code points}, the config
     * with each entry's keys laid over it. Collects the key paths the entries set into {@code varying}.
     */
    static List<Base> bases(String file, Node.Mapping root, List<String> varying) {
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
                a instanceof Node.Mapping ma && b instanceof Node.Mapping mb && sameType(ma, mb) ? merge(ma, mb) : b));
        return new Node.Mapping(entries, over.line());
    }

    /** Whether two mappings are of one type: the keys of a type (LAMB's betas) mean nothing to another. */
    private static boolean sameType(Node.Mapping under, Node.Mapping over) {
        Node a = under.entries().get("type");
        Node b = over.entries().get("type");
        return !(a instanceof Node.Scalar sa && b instanceof Node.Scalar sb) || sa.text().equals(sb.text());
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
}
