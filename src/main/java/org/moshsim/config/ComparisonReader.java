package org.moshsim.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.moshsim.Comparison;

/**
 * Reads {@code compare}: ratios between cells of the sweep, not only between the protocols of one point.
 * <pre>
 * compare:
 *   - {name: drop-compute-gain, baseline: {training.drop-compute: none}, candidate: {training.drop-compute: auto}}
 *   - {name: loss-10-vs-0, baseline: {point: lossless}, candidate: {point: lossy-10}}
 *   - {name: async-vs-sgp, baseline: {protocol: sgp}, candidate: {protocol: moshpit-async}}
 * </pre>
 * A selector names swept keys as metrics.csv's columns do, a point's {@code label} ({@code point}) and a protocol's
 * ({@code protocol}, on both sides or neither). Every candidate point is paired with the one baseline point that has the
 * same values on every other swept key (a label stands for all the keys its entry sets); without {@code protocol}
 * each protocol is paired with itself.
 */
final class ComparisonReader {
    static final String KEY = "compare";
    private static final String PROTOCOL = "protocol";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Key<String> NAME_KEY = Key.text("name", NAME, "a name of letters, digits, '.', '_' or '-' (it names "
            + "summary.csv columns)", "the comparison's name: its section of summary.md and its columns");
    private static final Map<String, Object> SELECTOR = Map.of("type", "object", "minProperties", 1,
            "additionalProperties", Map.of("anyOf", List.of(Map.of("type", List.of("string", "number", "boolean")),
                    Map.of("type", "array", "minItems", 1, "items", Map.of("type", List.of("string", "number", "boolean"))))));
    private static final Key<Void> BASELINE = Key.mapping("baseline", "mapping", "a mapping of swept keys to values, e.g. "
            + "{point: lossless}", SELECTOR, List.of(), "the cells to compare against: swept keys as metrics.csv names them, "
            + "point (a label) or protocol").once();
    private static final Key<Void> CANDIDATE = Key.mapping("candidate", "mapping", BASELINE.allowed(), SELECTOR, List.of(),
            "the cells compared, selected the same way; a list of values selects each (e.g. {point: [slow, fast]}), and the "
            + "speedup chart puts them side by side in the list's order").once();
    static final KeySet ENTRY = new KeySet("compare[]", "compare[]", "A ratio between cells of the sweep, not only between the "
            + "protocols of one point: each candidate point is paired with the baseline point that has the same values of every "
            + "other swept key; without protocol on both sides, each protocol is paired with itself.", List.of(NAME_KEY,
            BASELINE, CANDIDATE));
    static final Key<Void> COMPARE = Key.mapping(KEY, "list of mappings", "a list such as - {name: gain, baseline: {point: a}, "
            + "candidate: {point: b}}", null, List.of(ENTRY), "speedups and ratios between any two cells of the sweep")
            .computed("none");

    private ComparisonReader() {
    }

    /**
     * The comparisons of a config's {@code compare} list (none when {@code node} is null), over its points; {@code entryKeys}
     * are the columns that {@code points} entries set.
     */
    static List<Comparison> read(String file, Node node, List<String> swept, List<Point> points, List<String> entryKeys) {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof Node.Sequence list) || list.items().isEmpty()) {
            throw new ConfigError(file, node.line(), KEY + ": expected a list such as - {name: gain, baseline: {point: a}, "
                    + "candidate: {point: b}}");
        }
        List<Comparison> comparisons = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.items().size(); i++) {
            Section entry = new Section(new Sweep(file, Map.of()), KEY + "[" + i + "]", list.items().get(i), ENTRY);
            String name = entry.get(NAME_KEY);
            if (!names.add(name)) {
                throw entry.error("name", "'" + name + "' names two comparisons; give each a distinct name");
            }
            Node.Mapping item = (Node.Mapping) list.items().get(i);
            Map<String, List<String>> baseline = selector(file, entry, item, BASELINE, swept);
            Map<String, List<String>> candidate = selector(file, entry, item, CANDIDATE, swept);
            entry.finish();
            if (baseline.containsKey(PROTOCOL) != candidate.containsKey(PROTOCOL)) {
                throw entry.error(baseline.containsKey(PROTOCOL) ? "candidate" : "baseline", "no protocol, while the other side "
                        + "names one; give a protocol on both sides (a pair of protocols) or on neither (each protocol with itself)");
            }
            comparisons.add(new Comparison(name, pairs(entry, baseline, candidate, swept, points, entryKeys)));
        }
        return comparisons;
    }

    /** A selector: swept key (or {@code point}, {@code protocol}) to the values it picks. */
    private static Map<String, List<String>> selector(String file, Section entry, Node.Mapping item, Key<Void> sideKey, List<String> swept) {
        String side = sideKey.name();
        entry.permit(sideKey);
        if (!entry.has(side)) {
            throw entry.error(side, "missing; expected a mapping of swept keys to values, e.g. {point: lossless}");
        }
        Node node = item.entries().get(side);
        if (!(node instanceof Node.Mapping mapping) || mapping.entries().isEmpty()) {
            throw entry.error(side, Node.describe(node) + " is not allowed; expected a mapping of swept keys to values, "
                    + "e.g. {point: lossless} or {training.drop-compute: none}");
        }
        Map<String, List<String>> selector = new LinkedHashMap<>();
        for (Map.Entry<String, Node> key : mapping.entries().entrySet()) {
            if (!key.getKey().equals(PROTOCOL) && !swept.contains(key.getKey())) {
                throw new ConfigError(file, key.getValue().line(), entry.keyPath(side) + ": '" + key.getKey() + "' is not swept; expected "
                        + PROTOCOL + (swept.isEmpty() ? "" : " or one of: " + String.join(", ", swept)));
            }
            boolean list = key.getValue() instanceof Node.Sequence && !key.getKey().equals(PROTOCOL) && sideKey == CANDIDATE;
            List<Node> values = list ? ((Node.Sequence) key.getValue()).items() : List.of(key.getValue());
            if (values.isEmpty()) {
                throw new ConfigError(file, key.getValue().line(), entry.keyPath(side) + "." + key.getKey() + ": an empty list "
                        + "selects nothing; expected one value or a list of them");
            }
            List<String> texts = new ArrayList<>();
            for (Node value : values) {
                if (!(value instanceof Node.Scalar scalar) || scalar.kind() == Node.Kind.NULL) {
                    throw new ConfigError(file, value.line(), entry.keyPath(side) + "." + key.getKey() + ": " + Node.describe(value)
                            + " is not allowed; expected one value, as in metrics.csv's column" + (sideKey == CANDIDATE
                            && !key.getKey().equals(PROTOCOL) ? ", or a list of them" : ""));
                }
                texts.add(scalar.text());
            }
            selector.put(key.getKey(), texts);
        }
        return selector;
    }

    private static List<Comparison.Pair> pairs(Section entry, Map<String, List<String>> baseline, Map<String, List<String>> candidate,
                                               List<String> swept, List<Point> points, List<String> entryKeys) {
        Set<String> compared = new HashSet<>(baseline.keySet());
        compared.addAll(candidate.keySet());
        if (compared.contains(ExperimentReader.POINT)) {
            compared.addAll(entryKeys);
        }
        List<Point> baselines = points.stream().filter(p -> selects(baseline, p)).toList();
        // Candidates in the order their values are listed (stable, so otherwise in the points' order).
        List<Point> candidates = points.stream().filter(p -> selects(candidate, p))
                .sorted(java.util.Comparator.comparingInt(p -> rank(candidate, p))).toList();
        if (baselines.isEmpty() || candidates.isEmpty()) {
            throw entry.error(baselines.isEmpty() ? "baseline" : "candidate", "selects no point of the sweep");
        }
        List<Comparison.Pair> pairs = new ArrayList<>();
        for (Point c : candidates) {
            List<Point> matches = baselines.stream().filter(b -> swept.stream()
                    .allMatch(key -> compared.contains(key) || b.coordinates().get(key).equals(c.coordinates().get(key)))).toList();
            if (matches.size() > 1) {
                throw entry.error("baseline", "selects " + matches.size() + " points for the candidate point " + c.title()
                        + "; name more swept keys so that it selects one");
            }
            if (matches.isEmpty()) {
                continue;
            }
            Point b = matches.get(0);
            List<String> protocols = candidate.containsKey(PROTOCOL) ? candidate.get(PROTOCOL) : labels(c);
            for (String protocol : protocols) {
                String against = baseline.containsKey(PROTOCOL) ? baseline.get(PROTOCOL).get(0) : protocol;
                if (!labels(c).contains(protocol) || !labels(b).contains(against)) {
                    String side = labels(c).contains(protocol) ? "baseline" : "candidate";
                    throw entry.error(side, "names no protocol '" + (side.equals("baseline") ? against : protocol)
                            + "'; expected one of: " + String.join(", ", labels(c)));
                }
                if (b == c && protocol.equals(against)) {
                    throw entry.error("candidate", "selects the same cells as the baseline; a comparison needs two");
                }
                pairs.add(new Comparison.Pair(b.coordinates(), against, c.coordinates(), protocol));
            }
        }
        if (pairs.isEmpty()) {
            throw entry.error("candidate", "no candidate point has a baseline point with the same values of the other swept keys");
        }
        return pairs;
    }

    private static List<String> labels(Point point) {
        return point.protocols().stream().map(ProtocolSpec::label).toList();
    }

    /** Whether every key of the selector but the protocol picks the point (numbers compared as numbers). */
    private static boolean selects(Map<String, List<String>> selector, Point point) {
        return selector.entrySet().stream().allMatch(e -> e.getKey().equals(PROTOCOL)
                || e.getValue().stream().anyMatch(v -> same(v, point.coordinates().get(e.getKey()))));
    }

    /** Where the point's value stands in the selector's first list (0 when no key lists several values). */
    private static int rank(Map<String, List<String>> selector, Point point) {
        for (Map.Entry<String, List<String>> e : selector.entrySet()) {
            if (!e.getKey().equals(PROTOCOL) && e.getValue().size() > 1) {
                for (int i = 0; i < e.getValue().size(); i++) {
                    if (same(e.getValue().get(i), point.coordinates().get(e.getKey()))) {
                        return i;
                    }
                }
            }
        }
        return 0;
    }

    private static boolean same(String selected, String value) {
        if (selected.equals(value)) {
            return true;
        }
        try {
            return Double.parseDouble(selected) == Double.parseDouble(value);
        } catch (NumberFormatException | NullPointerException e) {
            return false;
        }
    }
}
