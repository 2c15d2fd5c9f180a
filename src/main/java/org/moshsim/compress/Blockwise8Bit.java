package org.moshsim.compress;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Blockwise absmax int8 quantisation (as in bitsandbytes' 8-bit optimizers and all-reduces): each block of
 * {@code blockSize} values is scaled by absmax / 127 and rounded to an int8 in [-127, 127]. Layout: one float32
 * scale per block, then one byte per value. Error per value: at most scale / 2.
 */
public record Blockwise8Bit(int blockSize) implements Codec {
    public Blockwise8Bit {
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size is " + blockSize + "; it must be at least 1");
        }
    }

    @Override
    public String name() {
        return "int8-block" + blockSize;
    }

    @Override
    public long bytes(int length) {
        return 4L * blocks(length) + length;
    }

    private int blocks(int length) {
        return (length + blockSize - 1) / blockSize;
    }

    @Override
    public byte[] encode(float[] x, int from, int length) {
        int blocks = blocks(length);
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(bytes(length))).order(ByteOrder.LITTLE_ENDIAN);
        for (int b = 0; b < blocks; b++) {
            int start = from + b * blockSize;
            int end = Math.min(from + length, start + blockSize);
            float absmax = 0;
            for (int j = start; j < end; j++) {
                absmax = Math.max(absmax, Math.abs(x[j]));
            }
            float scale = absmax / 127f;
            buffer.putFloat(4 * b, scale);
            for (int j = start; j < end; j++) {
                int code = scale == 0 ? 0 : (int) Math.rint(x[j] / (double) scale);
                buffer.put(4 * blocks + j - from, (byte) Math.max(-127, Math.min(127, code)));
            }
        }
        return buffer.array();
    }

    /** {@link #decode}({@link #encode}) without the bytes, with the same arithmetic (and so the same bits). */
    @Override
    public void roundTrip(float[] x, int from, int length, float[] out, int outFrom) {
        for (int start = 0; start < length; start += blockSize) {
            int end = Math.min(length, start + blockSize);
            float absmax = 0;
            for (int j = start; j < end; j++) {
                absmax = Math.max(absmax, Math.abs(x[from + j]));
            }
            float scale = absmax / 127f;
            for (int j = start; j < end; j++) {
                int code = scale == 0 ? 0 : (int) Math.rint(x[from + j] / (double) scale);
                out[outFrom + j] = (float) (Math.max(-127, Math.min(127, code)) * (double) scale);
            }
        }
    }

    @Override
    public void decode(byte[] packed, int length, float[] out, int outFrom) {
        int blocks = blocks(length);
        ByteBuffer buffer = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < length; j++) {
            float scale = buffer.getFloat(4 * (j / blockSize));
            out[outFrom + j] = (float) (packed[4 * blocks + j] * (double) scale);
        }
    }
}
