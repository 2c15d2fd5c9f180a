package org.moshsim.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The lists found while reading a config (its axes) and the value of each that the current reading sees.
 * Reading once with no choices finds the axes; reading again for every combination of their values gives
 * the points of the cartesian product.
 */
final class Sweep {
    /** A swept key: its path, the line of its list, and the values in the order written. */
    record Axis(String path, int line, List<Node> values) {
        String display(int index) {
            return Sweep.display(values.get(index));
        }
    }

    private final String file;
    private final Map<String, Integer> choices;
    private final List<Axis> found = new ArrayList<>();

    Sweep(String file, Map<String, Integer> choices) {
        this.file = file;
        this.choices = choices;
    }

    String file() {
        return file;
    }

    /** Whether this reading finds the axes (it picks the first value of each) rather than reading one point. */
    boolean findingAxes() {
        return choices.isEmpty();
    }

    List<Axis> axes() {
        return found;
    }

    Node pick(String path, Node.Sequence values) {
        if (values.items().isEmpty()) {
            throw error(values.line(), path + ": an empty list sweeps nothing; give at least one value");
        }
        if (found.stream().noneMatch(axis -> axis.path().equals(path))) {
            found.add(new Axis(path, values.line(), values.items()));
        }
        return values.items().get(choices.getOrDefault(path, 0));
    }

    /** The value this reading sees of a swept key, if the key is one of this sweep's axes. */
    Optional<Node> chosen(String path) {
        return found.stream().filter(axis -> axis.path().equals(path)).findFirst()
                .map(axis -> axis.values().get(choices.getOrDefault(path, 0)));
    }

    ConfigError error(int line, String message) {
        return new ConfigError(file, line, message);
    }

    /** How many combinations the axes make, without making them (saturating at Long.MAX_VALUE). */
    static long size(List<Axis> axes) {
        long size = 1;
        for (Axis axis : axes) {
            size = times(size, axis.values().size());
        }
        return size;
    }

    /** a x b, or Long.MAX_VALUE when that overflows. */
    static long times(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    /** Every combination of the axes' value indices, the first axis varying slowest. */
    static List<Map<String, Integer>> combinations(List<Axis> axes) {
        List<Map<String, Integer>> result = new ArrayList<>();
        result.add(new LinkedHashMap<>());
        for (Axis axis : axes) {
            List<Map<String, Integer>> next = new ArrayList<>();
            for (Map<String, Integer> prefix : result) {
                for (int i = 0; i < axis.values().size(); i++) {
                    Map<String, Integer> combination = new LinkedHashMap<>(prefix);
                    combination.put(axis.path(), i);
                    next.add(combination);
                }
            }
            result = next;
        }
        return result;
    }

    /** A swept value as it appears in CSV columns and labels: a number or word, or a shape such as 32x32. */
    static String display(Node node) {
        return display(Section.plain(node));
    }

    /** A mapping shows its keys and values as written, without braces: {@code codec: int, bits: 4}. */
    static String display(Object plain) {
        if (plain instanceof List<?> list) {
            return list.stream().map(Sweep::display).collect(Collectors.joining("x"));
        }
        if (plain instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + ": " + display(e.getValue())).collect(Collectors.joining(", "));
        }
        return plain == null ? "" : String.valueOf(plain);
    }
}
