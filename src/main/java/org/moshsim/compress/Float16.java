package org.moshsim.compress;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * IEEE 754 binary16 (half precision), 2 bytes a value, round to nearest even. Subnormals down to 2^-24 are
 * kept, magnitudes from 65520 up overflow to infinity, NaN stays NaN. Written by hand because
 * Float.floatToFloat16 needs Java 20.
 */
public record Float16() implements Codec {
    /** The largest finite half, 65504. */
    public static final float MAX = 65504f;

    @Override
    public String name() {
        return "float16";
    }

    @Override
    public long bytes(int length) {
        return 2L * length;
    }

    @Override
    public byte[] encode(float[] x, int from, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(2 * length).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < length; j++) {
            buffer.putShort(toBits(x[from + j]));
        }
        return buffer.array();
    }

    @Override
    public void decode(byte[] packed, int length, float[] out, int outFrom) {
        ByteBuffer buffer = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < length; j++) {
            out[outFrom + j] = fromBits(buffer.getShort());
        }
    }

    @Override
    public void roundTrip(float[] x, int from, int length, float[] out, int outFrom) {
        for (int j = 0; j < length; j++) {
            out[outFrom + j] = fromBits(toBits(x[from + j]));
        }
    }

    /** The half nearest to f (ties to even mantissa), as its 16 bits. */
    public static short toBits(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7f_ffff;
        if (exponent == 0xff) {
            // Infinity keeps a zero mantissa; a NaN keeps its top payload bits and is made quiet.
            return (short) (sign | 0x7c00 | (mantissa == 0 ? 0 : 0x200 | (mantissa >>> 13)));
        }
        int e = exponent - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign; // below 2^-25: nearer to zero than to the smallest subnormal
            }
            // Subnormal half m * 2^-24: shift the 24-bit significand right by 14 - e and round.
            int significand = mantissa | 0x80_0000;
            int shift = 14 - e;
            return (short) (sign | roundShift(significand, shift));
        }
        // A carry out of the mantissa moves into the exponent, and from 65504 up into infinity: both correct.
        return (short) (sign | roundShift((e << 23) | mantissa, 13));
    }

    /** value >>> shift rounded to nearest, ties to even. */
    private static int roundShift(int value, int shift) {
        int kept = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        return rest > half || (rest == half && (kept & 1) != 0) ? kept + 1 : kept;
    }

    /** The value of a half given by its 16 bits (exact in float). */
    public static float fromBits(short h) {
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f80_0000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /**
     * The half nearest to a double, as a float, rounded once (so a sum taken exactly in double is not
     * rounded twice): the spacing of halves near |v| is 2^(max(e, -14) - 10) and Math.rint ties to even.
     */
    public static float round(double v) {
        if (Double.isNaN(v)) {
            return Float.NaN;
        }
        double magnitude = Math.abs(v);
        if (magnitude >= 65520.0) {
            return v > 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
        }
        double spacing = Math.scalb(1.0, Math.max(Math.getExponent(magnitude), -14) - 10);
        return (float) Math.copySign(Math.rint(magnitude / spacing) * spacing, v);
    }
}
