package org.moshsim.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads one mapping of a config through its {@link Key}s (how each kind of value is checked is in {@link Values}).
 * Every read names what is allowed, so an error can say it; keys never read are rejected by {@link #finish()}. A list
 * given where one value is expected is a sweep: the {@link Sweep} decides which of its values this reading sees and
 * remembers the list as an axis. A section that knows its {@link KeySet} refuses to read a key outside it, so every key
 * read is one the reference lists.
 */
final class Section {
    /** Text without leading or trailing blanks: labels and names. */
    static final Pattern NON_BLANK = Pattern.compile("\\S(.*\\S)?");

    private final Sweep sweep;
    private final String path;
    private final Node.Mapping node;
    private final KeySet keys;
    private final List<String> allowed = new ArrayList<>();
    /** What was read, defaults included and sweeps as lists: the resolved config. */
    private final Map<String, Object> resolved = new LinkedHashMap<>();

    Section(Sweep sweep, String path, Node node, KeySet keys) {
        this.sweep = sweep;
        this.path = path;
        this.keys = keys;
        if (!(node instanceof Node.Mapping mapping)) {
            throw sweep.error(node.line(), (path.isEmpty() ? "the config" : path) + ": expected a mapping of keys, got "
                    + Node.describe(node));
        }
        this.node = mapping;
    }

    String path() {
        return path;
    }

    String file() {
        return sweep.file();
    }

    int line() {
        return node.line();
    }

    /** A path written in the config: a relative one is relative to the config file's folder, not the current one. */
    java.nio.file.Path relative(String written) {
        java.nio.file.Path path = java.nio.file.Path.of(written);
        java.nio.file.Path folder = java.nio.file.Path.of(file()).toAbsolutePath().getParent();
        return (path.isAbsolute() || folder == null ? path : folder.resolve(path)).normalize();
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

    boolean has(Key<?> key) {
        return has(key.name());
    }

    /** The line of a key's value, or of this mapping when the key is absent. */
    int lineOf(String key) {
        Node value = node.entries().get(key);
        return value == null ? node.line() : value.line();
    }

    /** A key's value, or its default when absent (an error when it has none). */
    <T> T get(Key<T> key) {
        if (key.computed() != null && key.fallback() == null && !has(key)) {
            throw new IllegalStateException(keyPath(key.name()) + ": its default is computed; read it with get(key, fallback)");
        }
        return read(key, key.fallback());
    }

    /** A key's value, or {@code fallback} (YAML text, computed by the caller) when absent. */
    <T> T get(Key<T> key, String fallback) {
        return read(key, fallback);
    }

    /** A key's value, or {@code fallback} (a value read elsewhere, such as another key's) when absent. */
    <T> T getOr(Key<T> key, T fallback) {
        if (!has(key)) {
            allow(key);
            return fallback;
        }
        return read(key, null);
    }

    private <T> T read(Key<T> key, String fallback) {
        allow(key);
        return key.reading().read(this, key, fallback);
    }

    private void allow(Key<?> key) {
        if (keys != null && !keys.holds(key)) {
            throw new IllegalStateException(keyPath(key.name()) + " is read but not among the keys of " + keys.path());
        }
        allowed.add(key.name());
    }

    /** The scalar a key holds (this reading's choice of a sweep), or its fallback. */
    Node.Scalar scalar(Key<?> key, String fallback, Node.Kind fallbackKind, String allowedText) {
        Node picked = pick(key, fallback == null ? null : new Node.Scalar(fallback, fallbackKind, node.line()), allowedText);
        if (!(picked instanceof Node.Scalar scalar) || scalar.kind() == Node.Kind.NULL) {
            throw wrong(key.name(), picked, allowedText + (key.swept() ? " (or a list of such values to sweep)" : ""));
        }
        return scalar;
    }

    /** A key's value as written (this reading's choice of a sweep), or {@code fallback}; recorded in the resolved config. */
    Node pick(Key<?> key, Node fallback, String allowedText) {
        Node raw = require(key.name(), fallback, allowedText);
        Node picked = key.swept() && raw instanceof Node.Sequence list && sweeps(key, list) ? sweep.pick(keyPath(key.name()), list) : raw;
        record(key.name(), raw, picked);
        return picked;
    }

    /** Whether a list sweeps a key: any list, unless the key's own values are lists (a grid), where a list of lists does. */
    private static boolean sweeps(Key<?> key, Node.Sequence list) {
        if (!"list of integers".equals(key.type())) {
            return true;
        }
        return !list.items().isEmpty() && list.items().stream().allMatch(item -> item instanceof Node.Sequence);
    }

    /** A key's value as written, or null when absent (a value in itself, never a sweep). */
    Node optional(Key<?> key) {
        allow(key);
        return node.entries().get(key.name());
    }

    /**
     * A value of any shape that the caller interprets (a word or a mapping, such as {@code compression}): the
     * fallback word when absent, this reading's choice when a list.
     */
    Node value(Key<?> key, String fallback) {
        allow(key);
        Node raw = require(key.name(), new Node.Scalar(fallback, Node.Kind.STRING, node.line()), key.allowed());
        Node picked = raw instanceof Node.Sequence list ? sweep.pick(keyPath(key.name()), list) : raw;
        record(key.name(), raw, picked);
        return picked;
    }

    /** A nested mapping (a key of {@link Key#section}); an absent key reads as an empty one, so its own defaults apply. */
    Section section(Key<?> key) {
        allow(key);
        Node raw = node.entries().get(key.name());
        Section child = new Section(sweep, keyPath(key.name()), raw == null ? new Node.Mapping(Map.of(), node.line()) : raw,
                key.forms().get(0));
        resolved.put(key.name(), child.resolved);
        return child;
    }

    /** A list of mappings such as the protocols; each is read by the caller. */
    List<Node> list(Key<?> key) {
        allow(key);
        Node raw = require(key.name(), null, key.allowed());
        if (!(raw instanceof Node.Sequence list) || list.items().isEmpty()) {
            throw wrong(key.name(), raw, key.allowed());
        }
        return list.items();
    }

    /** A mapping nested under this section (a list's entry, a distribution), read with {@code keys} and the same sweep. */
    Section child(String name, Node value, KeySet nested) {
        return new Section(sweep, keyPath(name), value, nested);
    }

    /** Whether a key holds exactly this text (for keywords such as {@code grid: auto}). */
    boolean isText(String key, String text) {
        return node.entries().get(key) instanceof Node.Scalar s && s.written().equals(text);
    }

    /** Allows a key that the caller reads by other means. */
    void permit(Key<?> key) {
        allow(key);
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

    ConfigError error(Key<?> key, String message) {
        return error(key.name(), message);
    }

    /** An error about a key's value at {@code where}'s line (an item of a list, a sweep's value). */
    ConfigError at(String key, Node where, String message) {
        return sweep.error(where.line(), keyPath(key) + ": " + message);
    }

    ConfigError wrong(String key, Node value, String allowedText) {
        return at(key, value, Node.describe(value) + " is not allowed; expected " + allowedText);
    }

    private Node require(String key, Node fallback, String allowedText) {
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
}
