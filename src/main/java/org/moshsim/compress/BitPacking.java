package org.moshsim.compress;

/** Codes of b bits packed back to back, least significant bit first, into ceil(count * b / 8) bytes. */
final class BitPacking {
    private BitPacking() {
    }

    static int bytes(int count, int bits) {
        return (int) (((long) count * bits + 7) / 8);
    }

    static void pack(int[] codes, int count, int bits, byte[] dst, int offset) {
        long pending = 0;
        int filled = 0;
        int position = offset;
        for (int i = 0; i < count; i++) {
            pending |= (long) codes[i] << filled;
            filled += bits;
            while (filled >= 8) {
                dst[position++] = (byte) pending;
                pending >>>= 8;
                filled -= 8;
            }
        }
        if (filled > 0) {
            dst[position] = (byte) pending;
        }
    }

    static void unpack(byte[] src, int offset, int bits, int count, int[] codes) {
        long pending = 0;
        int filled = 0;
        int position = offset;
        int mask = (1 << bits) - 1;
        for (int i = 0; i < count; i++) {
            while (filled < bits) {
                pending |= (src[position++] & 0xffL) << filled;
                filled += 8;
            }
            codes[i] = (int) (pending & mask);
            pending >>>= bits;
            filled -= bits;
        }
    }
}
