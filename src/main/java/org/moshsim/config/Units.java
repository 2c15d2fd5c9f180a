package org.moshsim.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Quantities written with units, as researchers write them: 100ms, 100MB, 1Gbit/s. Values come out in base
 * units: seconds, bytes, bytes per second. Units are case-sensitive where case means something (MB is bytes,
 * Mbit is bits).
 */
enum Units {
    DURATION("duration", "a duration such as 100ms, 1.5s, 30min or a number of seconds", Map.ofEntries(
            Map.entry("", 1.0), Map.entry("s", 1.0), Map.entry("ms", 1e-3), Map.entry("us", 1e-6), Map.entry("ns", 1e-9),
            Map.entry("min", 60.0), Map.entry("h", 3600.0), Map.entry("d", 86400.0))),
    SIZE("size", "a size such as 100MB, 4GiB or a number of bytes", Map.ofEntries(
            Map.entry("", 1.0), Map.entry("B", 1.0), Map.entry("kB", 1e3), Map.entry("KB", 1e3), Map.entry("MB", 1e6),
            Map.entry("GB", 1e9), Map.entry("TB", 1e12), Map.entry("KiB", 0x1p10), Map.entry("MiB", 0x1p20),
            Map.entry("GiB", 0x1p30))),
    BANDWIDTH("bandwidth", "a bandwidth with its unit, such as 1Gbit/s, 100Mbit/s or 125MB/s", Map.ofEntries(
            Map.entry("bit/s", 1 / 8.0), Map.entry("kbit/s", 1e3 / 8), Map.entry("Kbit/s", 1e3 / 8), Map.entry("Mbit/s", 1e6 / 8),
            Map.entry("Gbit/s", 1e9 / 8), Map.entry("bps", 1 / 8.0), Map.entry("kbps", 1e3 / 8), Map.entry("Mbps", 1e6 / 8),
            Map.entry("Gbps", 1e9 / 8), Map.entry("B/s", 1.0), Map.entry("kB/s", 1e3), Map.entry("KB/s", 1e3),
            Map.entry("MB/s", 1e6), Map.entry("GB/s", 1e9))),
    NUMBER("number", "a number", Map.of("", 1.0));

    private static final Pattern QUANTITY = Pattern.compile("\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*([A-Za-z/]*)\\s*");

    /** The kind of quantity in a word, for the reference. */
    final String type;
    final String described;
    private final Map<String, Double> factors;

    Units(String type, String described, Map<String, Double> factors) {
        this.type = type;
        this.described = described;
        this.factors = factors;
    }

    /**
     * The JSON Schema of a value: text with one of the units (a bare number too where the base unit needs none), and
     * for those a number of at least {@code min}.
     */
    Map<String, Object> schema(double min) {
        String units = factors.keySet().stream().filter(u -> !u.isEmpty()).sorted((a, b) -> b.length() != a.length()
                ? b.length() - a.length() : a.compareTo(b)).reduce((a, b) -> a + "|" + b).orElse("");
        boolean bare = factors.containsKey("");
        String pattern = "^\\s*[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?\\s*" + (units.isEmpty() ? "" : "(?:" + units + ")"
                + (bare ? "?" : "")) + "\\s*$";
        Map<String, Object> text = Map.of("type", "string", "pattern", pattern);
        if (!bare) {
            return text;
        }
        Map<String, Object> number = new java.util.LinkedHashMap<>();
        number.put("type", "number");
        if (min == Double.MIN_VALUE) {
            number.put("exclusiveMinimum", 0);
        } else {
            number.put("minimum", min);
        }
        return Map.of("anyOf", java.util.List.of(number, text));
    }

    /** The value in the base unit, or NaN if the text is not such a quantity. */
    double parse(String text) {
        Matcher m = QUANTITY.matcher(text);
        if (!m.matches()) {
            return Double.NaN;
        }
        Double factor = factors.get(m.group(2));
        return factor == null ? Double.NaN : Double.parseDouble(m.group(1)) * factor;
    }
}
