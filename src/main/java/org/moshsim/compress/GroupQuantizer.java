package org.moshsim.compress;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Asymmetric min/max group quantisation at 2 to 8 bits (Flash Communication, arXiv 2412.04964):
 * per group of {@code groupSize} values, scale = (max - min) / (2^b - 1), zero point = min, code =
 * round((x - min) / scale) in [0, 2^b - 1]. Layout: min and scale as two float32 per group (float32 rather
 * than float16 so the metadata adds no error: min is an input value, exact), then the codes packed at b bits.
 * Error per value: at most scale / 2, plus the float32 rounding of the decoded value.
 */
public record GroupQuantizer(int bits, int groupSize) implements Codec {
    public GroupQuantizer {
        if (bits < 2 || bits > 8) {
            throw new IllegalArgumentException("bits is " + bits + "; it must be from 2 to 8");
        }
        if (groupSize < 1) {
            throw new IllegalArgumentException("group size is " + groupSize + "; it must be at least 1");
        }
    }

    @Override
    public String name() {
        return "int" + bits + "-g" + groupSize;
    }

    @Override
    public long bytes(int length) {
        return 8L * groups(length) + BitPacking.bytes(length, bits);
    }

    private int groups(int length) {
        return (length + groupSize - 1) / groupSize;
    }

    /** The largest code, 2^b - 1. */
    public int levels() {
        return (1 << bits) - 1;
    }

    /** The scale stored for a group with this min and max: (max - min) / (2^b - 1) in float32. */
    public float scale(float min, float max) {
        return (float) (((double) max - min) / levels());
    }

    @Override
    public byte[] encode(float[] x, int from, int length) {
        int groups = groups(length);
        byte[] packed = new byte[Math.toIntExact(bytes(length))];
        ByteBuffer metadata = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
        int[] codes = new int[length];
        for (int g = 0; g < groups; g++) {
            int start = g * groupSize;
            int end = Math.min(length, start + groupSize);
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = start; j < end; j++) {
                min = Math.min(min, x[from + j]);
                max = Math.max(max, x[from + j]);
            }
            float scale = scale(min, max);
            metadata.putFloat(8 * g, min);
            metadata.putFloat(8 * g + 4, scale);
            for (int j = start; j < end; j++) {
                int code = scale == 0 ? 0 : (int) Math.rint(((double) x[from + j] - min) / scale);
                codes[j] = Math.max(0, Math.min(levels(), code));
            }
        }
        BitPacking.pack(codes, length, bits, packed, 8 * groups);
        return packed;
    }

    /** {@link #decode}({@link #encode}) without the bytes, with the same arithmetic (and so the same bits). */
    @Override
    public void roundTrip(float[] x, int from, int length, float[] out, int outFrom) {
        for (int start = 0; start < length; start += groupSize) {
            int end = Math.min(length, start + groupSize);
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = start; j < end; j++) {
                min = Math.min(min, x[from + j]);
                max = Math.max(max, x[from + j]);
            }
            float scale = scale(min, max);
            for (int j = start; j < end; j++) {
                int code = scale == 0 ? 0 : (int) Math.rint(((double) x[from + j] - min) / scale);
                out[outFrom + j] = (float) ((double) min + Math.max(0, Math.min(levels(), code)) * (double) scale);
            }
        }
    }

    @Override
    public void decode(byte[] packed, int length, float[] out, int outFrom) {
        int groups = groups(length);
        ByteBuffer metadata = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
        int[] codes = new int[length];
        BitPacking.unpack(packed, 8 * groups, bits, length, codes);
        for (int j = 0; j < length; j++) {
            int g = j / groupSize;
            double min = metadata.getFloat(8 * g);
            double scale = metadata.getFloat(8 * g + 4);
            out[outFrom + j] = (float) (min + codes[j] * scale);
        }
    }
}
