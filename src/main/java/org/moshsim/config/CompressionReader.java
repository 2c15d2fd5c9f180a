package org.moshsim.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.moshsim.compress.Blockwise8Bit;
import org.moshsim.compress.Codec;
import org.moshsim.compress.Compression;
import org.moshsim.compress.Float16;
import org.moshsim.compress.GroupQuantizer;

/**
 * Reads {@code compression}: how exchanges compress what they send. A codec, for any exchange: a word ({@code none},
 * {@code float16}, {@code int2} .. {@code int8}: Flash Communication's group quantiser with groups of 128;
 * {@code blockwise-int8}: absmax int8 in blocks of 64) or a mapping ({@code {codec: int, bits: 4, group: 32}},
 * {@code {codec: blockwise-int8, block: 256}}). For gradient exchange only: a sparsifier with error feedback
 * ({@code {sparsifier: top-k, ratio: 0.01, feedback: ef21m, eta: 0.1}}; rand-k; arc-top-k with {@code rows} and
 * {@code rank}) or a compressed all-reduce ({@code float16-ring}, {@code {all-reduce: two-step, bits: 4, group: 128}}).
 * A list of them is a sweep.
 */
final class CompressionReader {
    static final int GROUP = 128;
    static final int BLOCK = 64;
    private static final List<String> CODECS = List.of("none", "float16", "int", "blockwise-int8");
    private static final List<String> SPARSIFIERS = List.of("top-k", "rand-k", "arc-top-k");
    private static final List<String> ALL_REDUCES = List.of("two-step", "float16-ring");
    private static final List<String> FEEDBACK = List.of("none", "ef14", "ef21", "ef21m");
    private static final String WORDS = "none, float16, int2 .. int8 (groups of " + GROUP + "), blockwise-int8 (blocks of "
            + BLOCK + "), float16-ring";
    private static final String ALLOWED = WORDS + ", or a mapping such as {codec: int, bits: 4, group: 128}, "
            + "{sparsifier: top-k, ratio: 0.01, feedback: ef21m} or {all-reduce: two-step, bits: 4}";

    private static final Key<Integer> BITS = Key.integer("bits", 2, 8, "bits per value");
    private static final Key<Integer> GROUP_KEY = Key.integer("group", 1, "values per group, each with a float32 min and scale")
            .orElse(String.valueOf(GROUP));
    static final KeySet CODEC = new KeySet("compression", "compression: a codec", "A lossy codec for any exchange: every row "
            + "is encoded and decoded as a whole.", List.of(
            Key.choice("codec", CODECS, "int: Flash Communication's asymmetric group quantiser; blockwise-int8: absmax int8 per block"),
            BITS.when("codec: int"), GROUP_KEY.when("codec: int"),
            Key.integer("block", 1, "values per block, each with one float32 scale").orElse(String.valueOf(BLOCK))
                    .when("codec: blockwise-int8")));
    static final KeySet SPARSIFIER = new KeySet("compression", "compression: a sparsifier", "Gradient exchange only: keep a "
            + "fraction of the values, with error feedback.", List.of(
            Key.choice("sparsifier", SPARSIFIERS, "top-k: by an all-gather; rand-k: shared indices, by an all-reduce; arc-top-k: "
                    + "the same rows for all from a shared sketch, by two all-reduces"),
            Key.number("ratio", Double.MIN_VALUE, 1, "the fraction of values kept, in (0, 1]", "the fraction of values kept"),
            Key.integer("rows", 1, "rows of the sketch").computed("ceil(sqrt(D))").when("sparsifier: arc-top-k"),
            Key.integer("rank", 1, "rank of the sketch").orElse("4").when("sparsifier: arc-top-k"),
            Key.choice("feedback", FEEDBACK, "error feedback, state per peer for the whole run").orElse("none"),
            Key.number("eta", Double.MIN_VALUE, 1, "a momentum weight in (0, 1]", "EF21M's momentum weight").orElse("0.1")
                    .when("feedback: ef21m")));
    static final KeySet ALL_REDUCE = new KeySet("compression", "compression: a compressed all-reduce", "Gradient exchange only: "
            + "a collective that compresses as it reduces.", List.of(
            Key.choice("all-reduce", ALL_REDUCES, "two-step: Flash Communication's two all-to-alls of quantised shards; "
                    + "float16-ring: partial sums rounded to float16 at every hop"),
            BITS.when("all-reduce: two-step"), GROUP_KEY.when("all-reduce: two-step")));
    /** The key itself: a word, or a mapping of one of three forms. */
    static final Key<Void> KEY = Key.mapping("compression", "word or mapping", ALLOWED, Map.of("anyOf", List.of(
            Map.of("enum", List.of("none", "float16", "blockwise-int8", "float16-ring")),
            Map.of("type", "string", "pattern", "^int[2-8]$"))), List.of(CODEC, SPARSIFIER, ALL_REDUCE),
            "how every exchange compresses what it sends (a list sweeps it)").orElse("none");

    private CompressionReader() {
    }

    /** The compression under {@code key} of this section ({@link Compression#EXACT} for none). */
    static Compression read(Section section) {
        Node value = section.value(KEY, "none");
        if (value instanceof Node.Scalar word && word.kind() != Node.Kind.NULL) {
            return word(section, word.text());
        }
        if (!(value instanceof Node.Mapping mapping)) {
            throw section.error("compression", Node.describe(value) + " is not allowed; expected " + ALLOWED);
        }
        Compression result;
        Section spec;
        if (mapping.entries().containsKey("sparsifier")) {
            spec = section.child("compression", value, SPARSIFIER);
            result = sparsifier(spec);
        } else if (mapping.entries().containsKey("all-reduce")) {
            spec = section.child("compression", value, ALL_REDUCE);
            result = spec.get(CompressionReader.<String>key(ALL_REDUCE, "all-reduce")).equals("float16-ring") ? new Compression.Float16Ring()
                    : new Compression.TwoStep(quantizer(spec, ALL_REDUCE));
        } else {
            spec = section.child("compression", value, CODEC);
            result = codec(spec);
        }
        spec.finish();
        return result;
    }

    private static Compression codec(Section spec) {
        String name = spec.get(CompressionReader.<String>key(CODEC, "codec"));
        Codec codec = switch (name) {
            case "float16" -> new Float16();
            case "int" -> quantizer(spec, CODEC);
            case "blockwise-int8" -> new Blockwise8Bit(spec.get(key(CODEC, "block")));
            default -> null;
        };
        return codec == null ? Compression.EXACT : new Compression.Coded(codec);
    }

    private static GroupQuantizer quantizer(Section spec, KeySet form) {
        int bits = spec.get(key(form, "bits"));
        return new GroupQuantizer(bits, spec.get(key(form, "group")));
    }

    /** {@code {sparsifier: top-k | rand-k | arc-top-k, ratio, [rows, rank,] feedback, [eta]}}. */
    private static Compression sparsifier(Section spec) {
        String name = spec.get(CompressionReader.<String>key(SPARSIFIER, "sparsifier"));
        Compression.Sparsified.Kind kind = Compression.Sparsified.Kind.valueOf(name.replace('-', '_').toUpperCase(Locale.ROOT));
        double ratio = spec.get(key(SPARSIFIER, "ratio"));
        int rows = 0;
        int rank = 0;
        if (kind == Compression.Sparsified.Kind.ARC_TOP_K) {
            Key<Integer> rowsKey = key(SPARSIFIER, "rows");
            rows = spec.has(rowsKey) ? spec.get(rowsKey, (String) null) : 0;
            spec.permit(rowsKey);
            rank = spec.get(key(SPARSIFIER, "rank"));
        }
        Compression.Feedback feedback = Compression.Feedback.valueOf(spec.get(CompressionReader.<String>key(SPARSIFIER, "feedback"))
                .toUpperCase(Locale.ROOT));
        double eta = feedback == Compression.Feedback.EF21M ? spec.get(key(SPARSIFIER, "eta")) : 0;
        return new Compression.Sparsified(kind, ratio, rows, rank, feedback, eta);
    }

    private static <T> Key<T> key(KeySet set, String name) {
        return ScenarioReader.key(set, name);
    }
    private static Compression word(Section section, String word) {
        switch (word) {
            case "none":
                return Compression.EXACT;
            case "float16":
                return new Compression.Coded(new Float16());
            case "blockwise-int8":
                return new Compression.Coded(new Blockwise8Bit(BLOCK));
            case "float16-ring":
                return new Compression.Float16Ring();
            default:
                if (word.matches("int[2-8]")) {
                    return new Compression.Coded(new GroupQuantizer(word.charAt(3) - '0', GROUP));
                }
                throw section.error("compression", "'" + word + "' is not allowed; expected " + ALLOWED);
        }
    }

    /** How a compression is named in messages: its config word. */
    static String describe(Compression compression) {
        if (compression instanceof Compression.Sparsified sparse) {
            return sparse.kind().name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + (sparse.feedback() == Compression.Feedback.NONE ? "" : " with " + sparse.feedback().name().toLowerCase(Locale.ROOT));
        }
        if (compression instanceof Compression.TwoStep twoStep) {
            return "the two-step int" + twoStep.quantizer().bits() + " all-reduce";
        }
        if (compression instanceof Compression.Float16Ring) {
            return "float16-ring";
        }
        return compression.codec() == null ? "none" : compression.codec().name();
    }
}
