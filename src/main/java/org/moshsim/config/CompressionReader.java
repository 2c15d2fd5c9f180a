package org.moshsim.config;

import java.util.List;
import org.moshsim.compress.Blockwise8Bit;
import org.moshsim.compress.Codec;
import org.moshsim.compress.Float16;
import org.moshsim.compress.GroupQuantizer;

/**
 * Reads {@code compression}: the codec every averaging sends its rows through. A word ({@code none}, {@code float16},
 * {@code int2} .. {@code int8}: Flash Communication's group quantiser with groups of 128; {@code blockwise-int8}:
 * absmax int8 in blocks of 64) or a mapping ({@code {codec: int, bits: 4, group: 32}}, {@code {codec:
 * blockwise-int8, block: 256}}); a list of them is a sweep.
 */
final class CompressionReader {
    static final int GROUP = 128;
    static final int BLOCK = 64;
    private static final List<String> CODECS = List.of("none", "float16", "int", "blockwise-int8");
    private static final String WORDS = "none, float16, int2 .. int8 (groups of " + GROUP + "), blockwise-int8 (blocks of "
            + BLOCK + ")";
    private static final String ALLOWED = WORDS + ", or a mapping such as {codec: int, bits: 4, group: 128} or "
            + "{codec: blockwise-int8, block: 64}";

    private CompressionReader() {
    }

    /** The codec, or null for none. */
    static Codec read(Section top) {
        Node value = top.value("compression", "none", ALLOWED);
        if (value instanceof Node.Scalar word && word.kind() != Node.Kind.NULL) {
            return word(top, word.text());
        }
        if (!(value instanceof Node.Mapping)) {
            throw top.error("compression", Node.describe(value) + " is not allowed; expected " + ALLOWED);
        }
        Section spec = top.child("compression", value);
        String codec = spec.choice("codec", CODECS, null, true);
        Codec result = switch (codec) {
            case "float16" -> new Float16();
            case "int" -> {
                int bits = spec.integer("bits", 2, null, true);
                if (bits > 8) {
                    throw spec.error("bits", bits + " is out of range; allowed: an integer from 2 to 8");
                }
                yield new GroupQuantizer(bits, spec.integer("group", 1, GROUP, true));
            }
            case "blockwise-int8" -> new Blockwise8Bit(spec.integer("block", 1, BLOCK, true));
            default -> null;
        };
        spec.finish();
        return result;
    }

    private static Codec word(Section top, String word) {
        switch (word) {
            case "none":
                return null;
            case "float16":
                return new Float16();
            case "blockwise-int8":
                return new Blockwise8Bit(BLOCK);
            default:
                if (word.matches("int[2-8]")) {
                    return new GroupQuantizer(word.charAt(3) - '0', GROUP);
                }
                throw top.error("compression", "'" + word + "' is not allowed; expected " + ALLOWED);
        }
    }
}
