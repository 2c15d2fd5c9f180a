package org.moshsim.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One config key: its name, the kind of value it holds, its default, what is allowed and what it means. Readers read
 * every key through its definition, so the errors they give, the reference ({@code docs/config-reference.md}) and the
 * JSON Schema ({@code docs/moshsim.schema.json}) all come from the same place and cannot disagree. A protocol type
 * declares its parameters as keys and reads them with {@link ProtocolEntry#get(Key)}.
 *
 * <p>Keys are immutable; {@link #orElse(String)}, {@link #computed(String)}, {@link #once()} and {@link #when(String)}
 * return changed copies.
 *
 * @param <T> the Java type the key's value is read as
 */
public final class Key<T> {
    /** Reads a key's value from a section; {@code fallback} is the YAML text of the default (null: required). */
    interface Reading<T> {
        T read(Section section, Key<T> key, String fallback);
    }

    private final String name;
    private final String type;
    private final String allowed;
    private final String fallback;
    private final String computed;
    private final boolean swept;
    private final String condition;
    private final String meaning;
    private final Map<String, Object> schema;
    private final List<KeySet> forms;
    private final Reading<T> reading;

    private Key(String name, String type, String allowed, String fallback, String computed, boolean swept, String condition,
                String meaning, Map<String, Object> schema, List<KeySet> forms, Reading<T> reading) {
        this.name = name;
        this.type = type;
        this.allowed = allowed;
        this.fallback = fallback;
        this.computed = computed;
        this.swept = swept;
        this.condition = condition;
        this.meaning = meaning;
        this.schema = schema;
        this.forms = forms;
        this.reading = reading;
    }

    /** A key of any kind; {@code schema} is the JSON Schema of one value, {@code allowed} what errors say is allowed. */
    static <T> Key<T> of(String name, String type, String allowed, Map<String, Object> schema, String meaning, Reading<T> reading) {
        return new Key<>(name, type, allowed, null, null, true, null, meaning, schema == null ? null : Map.copyOf(schema), List.of(),
                reading);
    }

    /**
     * A key whose value may also be a mapping of one of {@code forms} (a section, a distribution, a codec); {@code schema}
     * is that of its plain values (then a list of values is a sweep), or null when it takes mappings only (a section). The
     * caller reads it by other means.
     */
    /** A nested mapping of {@code keys}; absent, it reads as an empty one, so its keys' defaults apply. */
    static Key<Void> section(String name, KeySet keys, String meaning) {
        return mapping(name, "mapping", "a mapping of " + keys.path() + " keys", null, List.of(keys), meaning)
                .computed("its keys' defaults");
    }

    static Key<Void> mapping(String name, String type, String allowed, Map<String, Object> schema, List<KeySet> forms, String meaning) {
        return new Key<>(name, type, allowed, null, null, schema != null, null, meaning, schema == null ? null : Map.copyOf(schema),
                List.copyOf(forms), (s, key, fallback) -> {
                    throw new IllegalStateException(name + " is read by its own reader");
                });
    }

    /** An integer of at least {@code min}; a list of them is a sweep. */
    public static Key<Integer> integer(String name, int min, String meaning) {
        return integer(name, min, Integer.MAX_VALUE, meaning);
    }

    /** An integer from {@code min} to {@code max}; a list of them is a sweep. */
    public static Key<Integer> integer(String name, int min, int max, String meaning) {
        String allowed = max == Integer.MAX_VALUE ? "an integer >= " + min : "an integer from " + min + " to " + max;
        return Key.<Integer>of(name, "integer", allowed, Map.of("type", "integer", "minimum", min, "maximum", max), meaning,
                (s, key, fallback) -> Values.integer(s, key, min, max, fallback));
    }

    /**
     * A number in [{@code min}, {@code max}] ({@code Double.MIN_VALUE} as {@code min}: above 0); {@code allowed} says
     * the range in words, such as "a probability in [0, 1]".
     */
    public static Key<Double> number(String name, double min, double max, String allowed, String meaning) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "number");
        if (min == Double.MIN_VALUE) {
            schema.put("exclusiveMinimum", 0);
        } else if (min > -Double.MAX_VALUE) {
            schema.put("minimum", min);
        }
        if (max < Double.MAX_VALUE) {
            schema.put(max == Math.nextDown(1.0) ? "exclusiveMaximum" : "maximum", max == Math.nextDown(1.0) ? 1 : max);
        }
        return Key.<Double>of(name, "number", allowed, schema, meaning, (s, key, fallback) -> Values.number(s, key, min, max, fallback));
    }

    /** One of {@code choices}, written as a word. */
    public static Key<String> choice(String name, List<String> choices, String meaning) {
        List<Object> values = new java.util.ArrayList<>(choices);
        // YAML reads true and false as booleans; the reader takes them as the words they are written as.
        choices.stream().filter(c -> c.equals("true") || c.equals("false")).forEach(c -> values.add(Boolean.parseBoolean(c)));
        return Key.<String>of(name, "word", "one of " + String.join(", ", choices), Map.of("enum", List.copyOf(values)), meaning,
                (s, key, fallback) -> Values.choice(s, key, choices, fallback));
    }

    /** A duration such as 100ms or 1.5s (a bare number is seconds) of at least {@code min} seconds. */
    public static Key<Double> duration(String name, double min, String meaning) {
        return quantity(name, Units.DURATION, min, meaning);
    }

    /** A size such as 100MB or 4GiB (a bare number is bytes) of at least {@code min} bytes. */
    public static Key<Double> size(String name, double min, String meaning) {
        return quantity(name, Units.SIZE, min, meaning);
    }

    /** A bandwidth with its unit, such as 1Gbit/s or 125MB/s, in bytes per second, above 0. */
    public static Key<Double> bandwidth(String name, String meaning) {
        return quantity(name, Units.BANDWIDTH, Double.MIN_VALUE, meaning);
    }

    static Key<Double> quantity(String name, Units units, double min, String meaning) {
        return Key.<Double>of(name, units.type, Values.range(units, min), units.schema(min), meaning,
                (s, key, fallback) -> Values.quantity(s, key, units, min, fallback));
    }

    /**
     * A list of integers of at least {@code min}, such as a grid's sides, or else the word {@code word} (read as an empty
     * list; null: no word); a list of such lists is a sweep. {@code allowed} says it in words for errors.
     */
    public static Key<List<Integer>> integers(String name, int min, String word, String allowed, String meaning) {
        Map<String, Object> list = Map.of("type", "array", "minItems", 1, "items", Map.of("type", "integer", "minimum", min));
        Map<String, Object> schema = word == null ? list : Map.of("anyOf", List.of(list, Map.of("const", word)));
        return Key.<List<Integer>>of(name, "list of integers", allowed, schema, meaning, (s, key, fallback) -> {
            Node picked = s.pick(key, null, allowed);
            return word != null && picked instanceof Node.Scalar scalar && scalar.written().equals(word) ? List.of()
                    : Values.integers(s, key, picked, min);
        });
    }

    /** A line of text matching {@code pattern} (never a sweep). */
    static Key<String> text(String name, Pattern pattern, String allowed, String meaning) {
        return Key.<String>of(name, "text", allowed, Map.of("type", "string", "pattern", "^(" + pattern.pattern() + ")$"), meaning,
                (s, key, fallback) -> Values.text(s, key, pattern, fallback)).once();
    }

    /** The key's name in its mapping. */
    public String name() {
        return name;
    }

    /** The kind of value in a word or two, e.g. {@code integer}, {@code duration}, {@code word}. */
    public String type() {
        return type;
    }

    /** What is allowed, as errors say it: {@code an integer >= 2}, {@code one of grid, keys}. */
    public String allowed() {
        return allowed;
    }

    /** The default as written in YAML, or null when the key is required or its default is computed. */
    public String fallback() {
        return fallback;
    }

    /** How the reader computes the default when it depends on other keys (e.g. {@code 4 x dim}), or null. */
    public String computed() {
        return computed;
    }

    /** Whether the key must be given: it has neither a default nor a computed one. */
    public boolean required() {
        return fallback == null && computed == null;
    }

    /** Whether a list where one value is expected sweeps the key. */
    public boolean swept() {
        return swept;
    }

    /** When the key applies, such as {@code model: least-squares}, or null when always. */
    public String condition() {
        return condition;
    }

    /** What the key means, in one line. */
    public String meaning() {
        return meaning;
    }

    /** The JSON Schema of one plain value (a sweep's list aside), or null when the key takes mappings only. */
    public Map<String, Object> schema() {
        return schema;
    }

    /** The mappings the value may be, each with its own keys (a section, a distribution's parameters); often none. */
    public List<KeySet> forms() {
        return forms;
    }

    Reading<T> reading() {
        return reading;
    }

    /** This key with a default, written as in YAML ({@code 1}, {@code 5s}, {@code none}). */
    public Key<T> orElse(String yaml) {
        return new Key<>(name, type, allowed, yaml, null, swept, condition, meaning, schema, forms, reading);
    }

    /** This key with a default that the reader computes, described for the reference (e.g. {@code 4 x dim}). */
    public Key<T> computed(String description) {
        return new Key<>(name, type, allowed, null, description, swept, condition, meaning, schema, forms, reading);
    }

    /** This key, never swept: a list is not allowed. */
    public Key<T> once() {
        return new Key<>(name, type, allowed, fallback, computed, false, condition, meaning, schema, forms, reading);
    }

    /** This key, applying only under {@code condition} (e.g. {@code model: least-squares}). */
    public Key<T> when(String condition) {
        return new Key<>(name, type, allowed, fallback, computed, swept, condition, meaning, schema, forms, reading);
    }

    /** This key with its own words for what is allowed and its own schema (a value of a special form). */
    Key<T> shaped(String type, String allowed, Map<String, Object> schema) {
        return new Key<>(name, type, allowed, fallback, computed, swept, condition, meaning, Map.copyOf(schema), forms, reading);
    }

    /** This key, whose value may also be a mapping of one of {@code forms}. */
    Key<T> withForms(List<KeySet> forms) {
        return new Key<>(name, type, allowed, fallback, computed, swept, condition, meaning, schema, List.copyOf(forms), reading);
    }

    @Override
    public String toString() {
        return name;
    }
}
