package org.moshsim.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads one mapping of a config. Every read names what is allowed, so an error can say it; keys never read
 * are rejected by {@link #finish()}. A list given where one value is expected is a sweep: the
 * {@link Sweep} decides which of its values this reading sees and remembers the list as an axis.
 */
final class Section {
    /** Text without leading or trailing blanks: labels and names. */
    static final Pattern NON_BLANK = Pattern.compile("\\S(.*\\S)?");

    private final Sweep sweep;
    private final String path;
    private final Node.Mapping node;
    private final List<String> allowed = new ArrayList<>();
    /** What was read, defaults included and sweeps as lists: the resolved config. */
    private final Map<String, Object> resolved = new LinkedHashMap<>();

    Section(Sweep sweep, String path, Node node) {
        this.sweep = sweep;
        this.path = path;
        if (!(node instanceof Node.Mapping mapping)) {
            throw sweep.error(node.line(), (path.isEmpty() ? "the config" : path) + ": expected a mapping of keys, got "
                    + Node.describe(node));
        }
        this.node = mapping;
    }

    String path() {
        return path;
    }

    int line() {
        return node.line();
    }

    Map<String, Object> resolved() {
        return resolved;
    }

    String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return node.entries().containsKey(key);
    }

    /** The line of a key's value, or of this mapping when the key is absent. */
    int lineOf(String key) {
        Node value = node.entries().get(key);
        return value == null ? node.line() : value.line();
    }

    int integer(String key, int min, Integer fallback, boolean sweepable) {
        String allowedText = "an integer >= " + min;
        Node.Scalar scalar = scalar(key, fallback == null ? null : String.valueOf(fallback), Node.Kind.INTEGER, allowedText, sweepable);
        java.math.BigInteger value = whole(scalar);
        if (value == null) {
            throw wrong(key, scalar, allowedText);
        }
        if (value.compareTo(java.math.BigInteger.valueOf(min)) < 0 || value.bitLength() > 31) {
            throw sweep.error(scalar.line(), keyPath(key) + ": " + scalar.written() + " is out of range; allowed: " + allowedText
                    + (value.bitLength() > 31 ? " and at most " + Integer.MAX_VALUE : ""));
        }
        return value.intValue();
    }

    /** An integer, written as one (in any base YAML allows) or as a float with a whole value such as 1e3; else null. */
    static java.math.BigInteger whole(Node.Scalar scalar) {
        if (scalar.kind() == Node.Kind.INTEGER) {
            return new java.math.BigInteger(scalar.text());
        }
        if (scalar.kind() == Node.Kind.FLOAT) {
            double value = Double.parseDouble(scalar.text());
            if (Double.isFinite(value) && value == Math.rint(value)) {
                return new java.math.BigDecimal(value).toBigInteger();
            }
        }
        return null;
    }

    double number(String key, double min, double max, Double fallback, boolean sweepable, String allowedText) {
        Node.Scalar scalar = scalar(key, fallback == null ? null : String.valueOf(fallback), Node.Kind.FLOAT, allowedText, sweepable);
        double value = parseNumber(key, scalar, allowedText);
        if (!(value >= min && value <= max)) {
            throw sweep.error(scalar.line(), keyPath(key) + ": " + scalar.written() + " is out of range; allowed: " + allowedText);
        }
        return value;
    }

    /** A quantity with units (100ms, 100MB, 1Gbit/s), in the base unit, at least {@code min}. */
    double quantity(String key, Units units, double min, String fallback, boolean sweepable) {
        Node.Scalar scalar = scalar(key, fallback, Node.Kind.STRING, units.described, sweepable);
        return quantity(key, scalar, units, min);
    }

    /** A quantity, or a word standing for a special value (such as {@code none} or {@code auto}); a list is a sweep. */
    double quantityOrWord(String key, Units units, double min, String fallback, Map<String, Double> words) {
        String allowedText = String.join(", ", words.keySet()) + ", or " + units.described;
        Node.Scalar scalar = scalar(key, fallback, Node.Kind.STRING, allowedText, true);
        Double word = words.get(scalar.written());
        return word != null ? word : quantity(key, scalar, units, min);
    }

    private double quantity(String key, Node.Scalar scalar, Units units, double min) {
        double value = scalar.kind() == Node.Kind.BOOLEAN ? Double.NaN : units.parse(scalar.text());
        if (Double.isNaN(value)) {
            throw wrong(key, scalar, units.described);
        }
        if (!(value >= min) || Double.isInfinite(value)) {
            throw sweep.error(scalar.line(), keyPath(key) + ": " + scalar.written() + " is out of range; allowed: " + units.described
                    + (min > 0 ? ", above 0" : min == 0 ? ", at least 0" : ""));
        }
        return value;
    }

    /**
     * A distribution of a quantity: a plain value (a constant) or a mapping such as
     * {@code {distribution: exponential, mean: 100ms}}; a list of them is a sweep.
     */
    Dist dist(String key, Units units, double min, String fallback, boolean sweepable) {
        String allowedText = units.described + ", or a distribution such as {distribution: uniform, low: .., high: ..}";
        Node raw = require(key, fallback == null ? null : new Node.Scalar(fallback, Node.Kind.STRING, node.line()), allowedText);
        Node picked = sweepable && raw instanceof Node.Sequence list ? sweep.pick(keyPath(key), list) : raw;
        record(key, raw, picked);
        if (picked instanceof Node.Scalar scalar) {
            return new Dist.Constant(quantity(key, scalar, units, min));
        }
        if (!(picked instanceof Node.Mapping)) {
            throw wrong(key, picked, allowedText);
        }
        Section d = new Section(sweep, keyPath(key), picked);
        String kind = d.choice("distribution", List.of("constant", "uniform", "exponential", "lognormal", "weibull"), null, true);
        Dist dist;
        switch (kind) {
            case "constant":
                dist = new Dist.Constant(d.quantity("value", units, min, null, true));
                break;
            case "uniform": {
                double low = d.quantity("low", units, min, null, true);
                double high = d.quantity("high", units, min, null, true);
                if (!(high > low)) {
                    throw d.error("high", "is not above low; expected low < high");
                }
                dist = new Dist.Uniform(low, high);
                break;
            }
            case "exponential":
                dist = new Dist.Exponential(d.quantity("mean", units, Math.max(min, Double.MIN_VALUE), null, true));
                break;
            case "lognormal":
                dist = new Dist.LogNormal(d.quantity("median", units, Math.max(min, Double.MIN_VALUE), null, true),
                        d.number("sigma", 0, 10, null, true, "a number in [0, 10]"));
                break;
            default:
                dist = new Dist.Weibull(d.number("shape", Double.MIN_VALUE, 100, null, true, "a number in (0, 100]"),
                        d.quantity("scale", units, Math.max(min, Double.MIN_VALUE), null, true));
                break;
        }
        d.finish();
        return dist;
    }

    /** Like {@link #dist(String, Units, double, String, boolean)}, falling back to a distribution read elsewhere. */
    Dist dist(String key, Units units, double min, Dist fallback, boolean sweepable) {
        if (!has(key)) {
            allowed.add(key);
            return fallback;
        }
        return dist(key, units, min, (String) null, sweepable);
    }

    String choice(String key, List<String> choices, String fallback, boolean sweepable) {
        String allowedText = "one of " + String.join(", ", choices);
        Node.Scalar scalar = scalar(key, fallback, Node.Kind.STRING, allowedText, sweepable);
        if (!choices.contains(scalar.written())) {
            throw wrong(key, scalar, allowedText);
        }
        return scalar.written();
    }

    String text(String key, Pattern pattern, String allowedText, String fallback) {
        Node.Scalar scalar = scalar(key, fallback, Node.Kind.STRING, allowedText, false);
        if (scalar.kind() == Node.Kind.NULL || !pattern.matcher(scalar.written()).matches()) {
            throw wrong(key, scalar, allowedText);
        }
        return scalar.written();
    }

    /** A list of integers such as a grid shape; a list of such lists is a sweep. */
    List<Integer> integers(String key, int min, boolean sweepable, String allowedText) {
        Node raw = require(key, null, allowedText);
        Node picked = sweepable && isListOfLists(raw) ? sweep.pick(keyPath(key), (Node.Sequence) raw) : raw;
        record(key, raw, picked);
        if (!(picked instanceof Node.Sequence list) || list.items().isEmpty()) {
            throw wrong(key, picked, allowedText);
        }
        List<Integer> values = new ArrayList<>();
        for (Node item : list.items()) {
            java.math.BigInteger value = item instanceof Node.Scalar s ? whole(s) : null;
            if (value == null) {
                throw sweep.error(item.line(), keyPath(key) + ": " + Node.describe(item) + " is not allowed; expected " + allowedText);
            }
            if (value.compareTo(java.math.BigInteger.valueOf(min)) < 0 || value.bitLength() > 31) {
                throw sweep.error(item.line(), keyPath(key) + ": " + ((Node.Scalar) item).written() + " is out of range; expected "
                        + allowedText);
            }
            values.add(value.intValue());
        }
        return values;
    }

    /** A list of numbers that is a value in itself (never a sweep), such as the error targets. */
    List<Double> numbers(String key, double min, double max, List<Double> fallback, String allowedText) {
        Node raw = node.entries().get(key);
        allowed.add(key);
        if (raw == null) {
            resolved.put(key, fallback);
            return fallback;
        }
        Node.Sequence list = raw instanceof Node.Sequence s ? s : new Node.Sequence(List.of(raw), raw.line());
        List<Double> values = new ArrayList<>();
        for (Node item : list.items()) {
            if (!(item instanceof Node.Scalar s)) {
                throw sweep.error(item.line(), keyPath(key) + ": " + Node.describe(item) + " is not allowed; expected " + allowedText);
            }
            double value = parseNumber(key, s, allowedText);
            if (!(value >= min && value <= max)) {
                throw sweep.error(item.line(), keyPath(key) + ": " + s.written() + " is out of range; allowed: " + allowedText);
            }
            values.add(value);
        }
        resolved.put(key, List.copyOf(values));
        return List.copyOf(values);
    }

    /** A list of words from {@code choices} (a value in itself, never a sweep); a single word is a list of one. */
    List<String> choices(String key, List<String> choices, List<String> fallback) {
        Node raw = node.entries().get(key);
        allowed.add(key);
        if (raw == null) {
            resolved.put(key, fallback);
            return fallback;
        }
        String allowedText = "a list of " + String.join(", ", choices);
        List<Node> items = raw instanceof Node.Sequence s ? s.items() : List.of(raw);
        List<String> values = new ArrayList<>();
        for (Node item : items) {
            if (!(item instanceof Node.Scalar s) || !choices.contains(s.written())) {
                throw sweep.error(item.line(), keyPath(key) + ": " + Node.describe(item) + " is not allowed; expected " + allowedText);
            }
            values.add(s.written());
        }
        resolved.put(key, List.copyOf(values));
        return List.copyOf(values);
    }

    /**
     * A value of any shape that the caller interprets (a word or a mapping, such as {@code compression}): the
     * fallback word when absent, this reading's choice when a list.
     */
    Node value(String key, String fallback, String allowedText) {
        Node raw = require(key, new Node.Scalar(fallback, Node.Kind.STRING, node.line()), allowedText);
        Node picked = raw instanceof Node.Sequence list ? sweep.pick(keyPath(key), list) : raw;
        record(key, raw, picked);
        return picked;
    }

    /** A nested mapping; an absent key reads as an empty one, so its own defaults apply. */
    Section section(String key) {
        Node raw = node.entries().get(key);
        allowed.add(key);
        Section child = new Section(sweep, keyPath(key), raw == null ? new Node.Mapping(Map.of(), node.line()) : raw);
        resolved.put(key, child.resolved);
        return child;
    }

    /** A list of mappings such as the protocols; each is read by the caller. */
    List<Node> list(String key, String allowedText) {
        Node raw = require(key, null, allowedText);
        if (!(raw instanceof Node.Sequence list) || list.items().isEmpty()) {
            throw wrong(key, raw, allowedText);
        }
        return list.items();
    }

    /** A mapping nested in a list under this section, read with the same sweep. */
    Section child(String name, Node value) {
        return new Section(sweep, keyPath(name), value);
    }

    /** Whether a key holds exactly this text (for keywords such as {@code grid: auto}). */
    boolean isText(String key, String text) {
        return node.entries().get(key) instanceof Node.Scalar s && s.written().equals(text);
    }

    /** Allows a key that the caller reads by other means. */
    void permit(String key) {
        allowed.add(key);
    }

    /** Records a value in the resolved config that this section did not read itself. */
    void resolve(String key, Object value) {
        resolved.put(key, value);
    }

    /** Rejects any key this section was not asked for. */
    void finish() {
        for (Map.Entry<String, Node> entry : node.entries().entrySet()) {
            if (!allowed.contains(entry.getKey())) {
                throw sweep.error(entry.getValue().line(), "unknown key '" + keyPath(entry.getKey()) + "'; allowed "
                        + (path.isEmpty() ? "at the top" : "in " + path) + ": " + String.join(", ", allowed));
            }
        }
    }

    ConfigError error(String key, String message) {
        return sweep.error(lineOf(key), keyPath(key) + ": " + message);
    }

    private Node.Scalar scalar(String key, String fallback, Node.Kind fallbackKind, String allowedText, boolean sweepable) {
        Node raw = require(key, fallback == null ? null : new Node.Scalar(fallback, fallbackKind, node.line()), allowedText);
        Node picked = sweepable && raw instanceof Node.Sequence list ? sweep.pick(keyPath(key), list) : raw;
        record(key, raw, picked);
        if (!(picked instanceof Node.Scalar scalar) || scalar.kind() == Node.Kind.NULL) {
            throw wrong(key, picked, allowedText + (sweepable ? " (or a list of such values to sweep)" : ""));
        }
        return scalar;
    }

    private Node require(String key, Node fallback, String allowedText) {
        allowed.add(key);
        Node raw = node.entries().get(key);
        if (raw == null) {
            if (fallback == null) {
                for (Map.Entry<String, Node> entry : node.entries().entrySet()) {
                    if (!allowed.contains(entry.getKey()) && similar(entry.getKey(), key)) {
                        throw sweep.error(entry.getValue().line(), "unknown key '" + keyPath(entry.getKey()) + "'; did you mean '"
                                + key + "'? (expected " + allowedText + ")");
                    }
                }
                throw sweep.error(node.line(), "missing key '" + keyPath(key) + "'; expected " + allowedText);
            }
            return fallback;
        }
        return raw;
    }

    private double parseNumber(String key, Node.Scalar scalar, String allowedText) {
        try {
            if (scalar.kind() == Node.Kind.BOOLEAN || scalar.kind() == Node.Kind.NULL) {
                throw new NumberFormatException();
            }
            double value = Double.parseDouble(scalar.text());
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw wrong(key, scalar, allowedText);
        }
    }

    private ConfigError wrong(String key, Node node, String allowedText) {
        return sweep.error(node.line(), keyPath(key) + ": " + Node.describe(node) + " is not allowed; expected " + allowedText);
    }

    /**
     * Records a value in the resolved config: a swept list as written when finding the sweep's axes, else only the
     * value this point picked (copying a list of L values into each of its L points would cost L^2).
     */
    private void record(String key, Node raw, Node picked) {
        resolved.put(key, plain(sweep.findingAxes() ? raw : picked));
    }

    /** A node as plain Java values, with numbers kept as numbers, for writing the resolved config. */
    static Object plain(Node node) {
        if (node instanceof Node.Scalar s) {
            switch (s.kind()) {
                case INTEGER: {
                    java.math.BigInteger value = new java.math.BigInteger(s.text());
                    return value.bitLength() < 64 ? (Object) value.longValue() : value;
                }
                case FLOAT:
                    return Double.parseDouble(s.text());
                case BOOLEAN:
                    return Boolean.parseBoolean(s.text());
                case NULL:
                    return null;
                default:
                    return s.text();
            }
        }
        if (node instanceof Node.Sequence list) {
            List<Object> items = new ArrayList<>();
            list.items().forEach(item -> items.add(plain(item)));
            return items;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        ((Node.Mapping) node).entries().forEach((k, v) -> map.put(k, plain(v)));
        return map;
    }

    /** Whether two keys differ by at most two edits: a likely typo. */
    private static boolean similar(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()] <= 2;
    }

    private static boolean isListOfLists(Node node) {
        return node instanceof Node.Sequence list && !list.items().isEmpty()
                && list.items().stream().allMatch(item -> item instanceof Node.Sequence);
    }
}
