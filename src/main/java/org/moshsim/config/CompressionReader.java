package org.moshsim.config;

import java.util.List;
import java.util.Locale;
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

    private CompressionReader() {
    }

    /** The compression under {@code key} of this section ({@link Compression#EXACT} for none). */
    static Compression read(Section section) {
        Node value = section.value("compression", "none", ALLOWED);
        if (value instanceof Node.Scalar word && word.kind() != Node.Kind.NULL) {
            return word(section, word.text());
        }
        if (!(value instanceof Node.Mapping mapping)) {
            throw section.error("compression", Node.describe(value) + " is not allowed; expected " + ALLOWED);
        }
        Section spec = section.child("compression", value);
        Compression result;
        if (mapping.entries().containsKey("sparsifier")) {
            result = sparsifier(spec);
        } else if (mapping.entries().containsKey("all-reduce")) {
            result = spec.choice("all-reduce", ALL_REDUCES, null, true).equals("float16-ring") ? new Compression.Float16Ring()
                    : new Compression.TwoStep(quantizer(spec));
        } else {
            result = codec(spec);
        }
        spec.finish();
        return result;
    }

    private static Compression codec(Section spec) {
        Codec codec = switch (spec.choice("codec", CODECS, null, true)) {
            case "float16" -> new Float16();
            case "int" -> quantizer(spec);
            case "blockwise-int8" -> new Blockwise8Bit(spec.integer("block", 1, BLOCK, true));
            default -> null;
        };
        return codec == null ? Compression.EXACT : new Compression.Coded(codec);
    }

    private static GroupQuantizer quantizer(Section spec) {
        int bits = spec.integer("bits", 2, null, true);
        if (bits > 8) {
            throw spec.error("bits", bits + " is out of range; allowed: an integer from 2 to 8");
        }
        return new GroupQuantizer(bits, spec.integer("group", 1, GROUP, true));
    }

    /** {@code {sparsifier: top-k | rand-k | arc-top-k, ratio, [rows, rank,] feedback, [eta]}}. */
    private static Compression sparsifier(Section spec) {
        String name = spec.choice("sparsifier", SPARSIFIERS, null, true);
        Compression.Sparsified.Kind kind = Compression.Sparsified.Kind.valueOf(name.replace('-', '_').toUpperCase(Locale.ROOT));
        double ratio = spec.number("ratio", Double.MIN_VALUE, 1, null, true, "the fraction of values kept, in (0, 1]");
        int rows = 0;
        int rank = 0;
        if (kind == Compression.Sparsified.Kind.ARC_TOP_K) {
            rows = spec.has("rows") ? spec.integer("rows", 1, null, true) : 0;
            spec.permit("rows");
            rank = spec.integer("rank", 1, 4, true);
        }
        Compression.Feedback feedback = Compression.Feedback.valueOf(
                spec.choice("feedback", FEEDBACK, "none", true).toUpperCase(Locale.ROOT));
        double eta = feedback == Compression.Feedback.EF21M
                ? spec.number("eta", Double.MIN_VALUE, 1, 0.1, true, "a momentum weight in (0, 1]") : 0;
        return new Compression.Sparsified(kind, ratio, rows, rank, feedback, eta);
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
