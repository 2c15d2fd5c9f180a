package org.moshsim.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How each kind of {@link Key} reads its value from a {@link Section}: the checks and the one-line errors, which name
 * the key's path, its line and what is allowed.
 */
final class Values {
    /** The parameters of a distribution, one form a quantity may take. */
    static final Key<String> DISTRIBUTION_NAME = Key.choice("distribution", List.of("constant", "uniform", "exponential", "lognormal",
            "weibull"), "the distribution's family");

    private Values() {
    }

    static int integer(Section s, Key<Integer> key, int min, int max, String fallback) {
        Node.Scalar scalar = s.scalar(key, fallback, Node.Kind.INTEGER, key.allowed());
        BigInteger value = whole(scalar);
        if (value == null) {
            throw s.wrong(key.name(), scalar, key.allowed());
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.bitLength() > 31 || value.intValue() > max) {
            throw s.at(key.name(), scalar, scalar.written() + " is out of range; allowed: " + key.allowed()
                    + (value.bitLength() > 31 && max == Integer.MAX_VALUE ? " and at most " + Integer.MAX_VALUE : ""));
        }
        return value.intValue();
    }

    /** An integer, written as one (in any base YAML allows) or as a float with a whole value such as 1e3; else null. */
    static BigInteger whole(Node.Scalar scalar) {
        if (scalar.kind() == Node.Kind.INTEGER) {
            return new BigInteger(scalar.text());
        }
        if (scalar.kind() == Node.Kind.FLOAT) {
            double value = Double.parseDouble(scalar.text());
            if (Double.isFinite(value) && value == Math.rint(value)) {
                return new BigDecimal(value).toBigInteger();
            }
        }
        return null;
    }

    static double number(Section s, Key<Double> key, double min, double max, String fallback) {
        Node.Scalar scalar = s.scalar(key, fallback, Node.Kind.FLOAT, key.allowed());
        double value = parseNumber(s, key.name(), scalar, key.allowed());
        if (!(value >= min && value <= max)) {
            throw s.at(key.name(), scalar, scalar.written() + " is out of range; allowed: " + key.allowed());
        }
        return value;
    }

    /** What a quantity allows: its units, and its lower bound when there is one. */
    static String range(Units units, double min) {
        return units.described + (min > 0 ? ", above 0" : min == 0 ? ", at least 0" : "");
    }

    /** A quantity with units (100ms, 100MB, 1Gbit/s), in the base unit, at least {@code min}. */
    static double quantity(Section s, Key<Double> key, Units units, double min, String fallback) {
        return quantity(s, key.name(), s.scalar(key, fallback, Node.Kind.STRING, units.described), units, min);
    }

    private static double quantity(Section s, String key, Node.Scalar scalar, Units units, double min) {
        double value = scalar.kind() == Node.Kind.BOOLEAN ? Double.NaN : units.parse(scalar.text());
        if (Double.isNaN(value)) {
            throw s.wrong(key, scalar, units.described);
        }
        if (!(value >= min) || Double.isInfinite(value)) {
            throw s.at(key, scalar, scalar.written() + " is out of range; allowed: " + range(units, min));
        }
        return value;
    }

    /** A quantity, or a word standing for a special value (such as {@code none} or {@code auto}); a list is a sweep. */
    static Key<Double> quantityOrWord(String name, Units units, double min, Map<String, Double> words, String meaning) {
        Map<String, Double> special = new LinkedHashMap<>(words);
        String allowed = String.join(", ", special.keySet()) + ", or " + units.described;
        Map<String, Object> schema = Map.of("anyOf", List.of(Map.of("enum", List.copyOf(special.keySet())), units.schema(min)));
        return Key.<Double>of(name, "word or " + units.type, allowed, schema, meaning, (s, key, fallback) -> {
            Node.Scalar scalar = s.scalar(key, fallback, Node.Kind.STRING, allowed);
            Double word = special.get(scalar.written());
            return word != null ? word : quantity(s, key.name(), scalar, units, min);
        });
    }

    /**
     * A distribution of a quantity: a plain value (a constant) or a mapping such as
     * {@code {distribution: exponential, mean: 100ms}}; a list of them is a sweep.
     */
    static Key<Dist> dist(String name, Units units, double min, String meaning) {
        String allowed = units.described + ", or a distribution such as {distribution: uniform, low: .., high: ..}";
        KeySet form = distribution(units, min);
        return Key.<Dist>of(name, units.type + " or distribution", allowed, units.schema(min), meaning,
                (s, key, fallback) -> dist(s, key, units, min, form, fallback)).withForms(List.of(form));
    }

    /** The parameters of a distribution of quantities of {@code units}. */
    static KeySet distribution(Units units, double min) {
        double positive = Math.max(min, Double.MIN_VALUE);
        return new KeySet("distribution", "distributions", "A quantity drawn per peer (or per peer and round for network.delay) "
                + "instead of a constant: {distribution: exponential, mean: 100ms}. Every parameter is a quantity of the key's "
                + "kind (a duration, a bandwidth, ...).", List.of(DISTRIBUTION_NAME,
                Key.quantity("value", units, min, "the constant value").when("distribution: constant"),
                Key.quantity("low", units, min, "the lower end").when("distribution: uniform"),
                Key.quantity("high", units, min, "the upper end, above low").when("distribution: uniform"),
                Key.quantity("mean", units, positive, "the mean").when("distribution: exponential"),
                Key.quantity("median", units, positive, "the median, exp(mu)").when("distribution: lognormal"),
                Key.number("sigma", 0, 10, "a number in [0, 10]", "the standard deviation of the logarithm")
                        .when("distribution: lognormal"),
                Key.number("shape", Double.MIN_VALUE, 100, "a number in (0, 100]", "the shape k").when("distribution: weibull"),
                Key.quantity("scale", units, positive, "the scale lambda").when("distribution: weibull")));
    }

    private static Dist dist(Section s, Key<Dist> key, Units units, double min, KeySet form, String fallback) {
        Node picked = s.pick(key, fallback == null ? null : new Node.Scalar(fallback, Node.Kind.STRING, s.line()), key.allowed());
        if (picked instanceof Node.Scalar scalar) {
            return new Dist.Constant(quantity(s, key.name(), scalar, units, min));
        }
        if (!(picked instanceof Node.Mapping)) {
            throw s.wrong(key.name(), picked, key.allowed());
        }
        Section d = s.child(key.name(), picked, form);
        String kind = d.get(DISTRIBUTION_NAME);
        Dist dist;
        switch (kind) {
            case "constant":
                dist = new Dist.Constant(d.get(param(form, "value")));
                break;
            case "uniform": {
                double low = d.get(param(form, "low"));
                double high = d.get(param(form, "high"));
                if (!(high > low)) {
                    throw d.error("high", "is not above low; expected low < high");
                }
                dist = new Dist.Uniform(low, high);
                break;
            }
            case "exponential":
                dist = new Dist.Exponential(d.get(param(form, "mean")));
                break;
            case "lognormal":
                dist = new Dist.LogNormal(d.get(param(form, "median")), d.get(param(form, "sigma")));
                break;
            default:
                dist = new Dist.Weibull(d.get(param(form, "shape")), d.get(param(form, "scale")));
                break;
        }
        d.finish();
        return dist;
    }

    @SuppressWarnings("unchecked")
    private static Key<Double> param(KeySet form, String name) {
        return (Key<Double>) form.keys().stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
    }

    static String choice(Section s, Key<String> key, List<String> choices, String fallback) {
        Node.Scalar scalar = s.scalar(key, fallback, Node.Kind.STRING, key.allowed());
        if (!choices.contains(scalar.written())) {
            throw s.wrong(key.name(), scalar, key.allowed());
        }
        return scalar.written();
    }

    static String text(Section s, Key<String> key, Pattern pattern, String fallback) {
        Node.Scalar scalar = s.scalar(key, fallback, Node.Kind.STRING, key.allowed());
        if (scalar.kind() == Node.Kind.NULL || !pattern.matcher(scalar.written()).matches()) {
            throw s.wrong(key.name(), scalar, key.allowed());
        }
        return scalar.written();
    }

    /** A list of integers such as a grid shape; a list of such lists is a sweep. */
    static List<Integer> integers(Section s, Key<?> key, Node picked, int min) {
        String allowed = key.allowed();
        if (!(picked instanceof Node.Sequence list) || list.items().isEmpty()) {
            throw s.wrong(key.name(), picked, allowed);
        }
        List<Integer> values = new ArrayList<>();
        for (Node item : list.items()) {
            BigInteger value = item instanceof Node.Scalar scalar ? whole(scalar) : null;
            if (value == null) {
                throw s.at(key.name(), item, Node.describe(item) + " is not allowed; expected " + allowed);
            }
            if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.bitLength() > 31) {
                throw s.at(key.name(), item, ((Node.Scalar) item).written() + " is out of range; expected " + allowed);
            }
            values.add(value.intValue());
        }
        return values;
    }

    /** A list of numbers that is a value in itself (never a sweep), such as the error targets; one number is a list of one. */
    static Key<List<Double>> numbers(String name, double min, double max, String allowed, String meaning) {
        Map<String, Object> number = Key.number(name, min, max, allowed, meaning).schema();
        return Key.<List<Double>>of(name, "list of numbers", allowed, Map.of("anyOf", List.of(number, Map.of("type", "array",
                "items", number))), meaning, (s, key, fallback) -> {
                    Node raw = s.optional(key);
                    if (raw == null) {
                        List<Double> values = fallback == null ? List.of() : parseList(fallback);
                        s.resolve(key.name(), values);
                        return values;
                    }
                    Node.Sequence list = raw instanceof Node.Sequence seq ? seq : new Node.Sequence(List.of(raw), raw.line());
                    List<Double> values = new ArrayList<>();
                    for (Node item : list.items()) {
                        if (!(item instanceof Node.Scalar scalar)) {
                            throw s.at(key.name(), item, Node.describe(item) + " is not allowed; expected " + allowed);
                        }
                        double value = parseNumber(s, key.name(), scalar, allowed);
                        if (!(value >= min && value <= max)) {
                            throw s.at(key.name(), item, scalar.written() + " is out of range; allowed: " + allowed);
                        }
                        values.add(value);
                    }
                    s.resolve(key.name(), List.copyOf(values));
                    return List.copyOf(values);
                }).once();
    }

    /** A list of words from {@code choices} (a value in itself, never a sweep); a single word is a list of one. */
    static Key<List<String>> choices(String name, List<String> choices, String meaning) {
        String allowed = "a list of " + String.join(", ", choices);
        Map<String, Object> word = Map.of("enum", choices);
        return Key.<List<String>>of(name, "list of words", allowed, Map.of("anyOf", List.of(word, Map.of("type", "array",
                "items", word))), meaning, (s, key, fallback) -> {
                    Node raw = s.optional(key);
                    if (raw == null) {
                        List<String> values = fallback == null ? List.of() : List.of(fallback.replaceAll("[\\[\\]]", "").split(",\\s*"));
                        s.resolve(key.name(), values);
                        return values;
                    }
                    List<Node> items = raw instanceof Node.Sequence seq ? seq.items() : List.of(raw);
                    List<String> values = new ArrayList<>();
                    for (Node item : items) {
                        if (!(item instanceof Node.Scalar scalar) || !choices.contains(scalar.written())) {
                            throw s.at(key.name(), item, Node.describe(item) + " is not allowed; expected " + allowed);
                        }
                        values.add(scalar.written());
                    }
                    s.resolve(key.name(), List.copyOf(values));
                    return List.copyOf(values);
                }).once();
    }

    /** [1e-4, 1e-9] as written in a default. */
    private static List<Double> parseList(String yaml) {
        String inner = yaml.replaceAll("[\\[\\]]", "").trim();
        return inner.isEmpty() ? List.of() : java.util.Arrays.stream(inner.split(",\\s*")).map(Double::valueOf).toList();
    }

    static double parseNumber(Section s, String key, Node.Scalar scalar, String allowed) {
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
            throw s.wrong(key, scalar, allowed);
        }
    }
}
