package org.moshsim.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;

class Float16Test {
    /** The value of a non-negative finite half from its definition: m 2^-24, or (1 + m/1024) 2^(e - 15). */
    private static double value(int h) {
        int e = h >>> 10;
        int m = h & 0x3ff;
        return e == 0 ? m * 0x1p-24 : (1 + m / 1024.0) * Math.pow(2, e - 15);
    }

    /** Nearest half by search over all 31744 non-negative finite halves, ties to the even one; >= 65520 overflows. */
    private static double reference(double v) {
        double a = Math.abs(v);
        double r;
        if (a >= 65520) {
            r = Double.POSITIVE_INFINITY;
        } else {
            int lo = 0;
            int hi = 0x7bff;
            while (lo < hi) { // largest h with value(h) <= a
                int mid = (lo + hi + 1) >>> 1;
                if (value(mid) <= a) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            if (value(lo) == a || lo == 0x7bff) {
                r = value(lo);
            } else {
                double below = a - value(lo);
                double above = value(lo + 1) - a;
                r = below < above ? value(lo) : above < below ? value(lo + 1) : value((lo & 1) == 0 ? lo : lo + 1);
            }
        }
        return Math.copySign(r, v);
    }

    /** Half the spacing of halves around |v|: the largest error round to nearest may make (for finite results). */
    private static double halfUlp(double v) {
        return Math.scalb(1.0, Math.max(Math.getExponent(Math.abs(v)), -14) - 11);
    }

    @Test
    void everyHalfSurvivesTheRoundTripBitForBit() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Float16.fromBits((short) h);
            if ((h & 0x7c00) == 0x7c00 && (h & 0x3ff) != 0) {
                assertTrue(Float.isNaN(f), "NaN " + h);
                assertTrue(Float.isNaN(Float16.fromBits(Float16.toBits(f))));
                continue;
            }
            assertEquals(h, Float16.toBits(f) & 0xffff, "half " + Integer.toHexString(h));
            assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits(Float16.round(f)), "round of half " + h);
            if ((h & 0x7c00) != 0x7c00) {
                assertEquals(Math.copySign(value(h & 0x7fff), (h & 0x8000) != 0 ? -1 : 1), f, 0.0, "value of " + h);
            }
        }
    }

    @Test
    void floatsRoundToTheNearestHalfTiesToEven() {
        List<Float> values = new ArrayList<>();
        for (int h = 0; h < 0x7bff; h++) { // exact midpoints and their float neighbours: where ties decide
            float mid = (float) ((value(h) + value(h + 1)) / 2);
            values.add(mid);
            values.add(Math.nextUp(mid));
            values.add(Math.nextDown(mid));
        }
        UniformRandomProvider rng = RandomStreams.stream(1, Purpose.COMPRESSION, 0, 0);
        for (int i = 0; i < 200_000; i++) { // exponents 2^-30 .. 2^17: subnormals, normals, overflow
            values.add(Float.intBitsToFloat(((97 + rng.nextInt(48)) << 23) | (rng.nextInt() & 0x7f_ffff)));
        }
        for (float special : new float[] {0f, Float.MIN_VALUE, 0x1p-25f, Math.nextUp(0x1p-25f), 0x1p-24f, 0x1.8p-24f,
            65504f, 65519.996f, 65520f, 65536f, 1e10f, Float.MAX_VALUE, Float.POSITIVE_INFINITY}) {
            values.add(special);
        }
        for (float v : values) {
            for (float f : new float[] {v, -v}) {
                double expected = reference(f);
                assertEquals(expected, Float16.fromBits(Float16.toBits(f)), 0.0, "toBits(" + f + ")");
                assertEquals(expected, Float16.round(f), 0.0, "round(" + f + ")");
                if (!Double.isInfinite(expected)) {
                    assertTrue(Math.abs(expected - f) <= halfUlp(f), "error within half an ulp at " + f);
                }
            }
        }
        assertTrue(Float.isNaN(Float16.fromBits(Float16.toBits(Float.NaN))));
        assertTrue(Float.isNaN(Float16.round(Double.NaN)));
    }

    /** round(double) rounds once: a value just above a midpoint must go up, though as a float it would tie. */
    @Test
    void doublesAreRoundedOnceNotViaFloat() {
        UniformRandomProvider rng = RandomStreams.stream(2, Purpose.COMPRESSION, 0, 0);
        for (int i = 0; i < 20_000; i++) {
            int h = rng.nextInt(0x7bff);
            double mid = (value(h) + value(h + 1)) / 2;
            for (double v : new double[] {mid, mid + Math.ulp(mid), mid - Math.ulp(mid)}) {
                assertEquals(reference(v), Float16.round(v), 0.0, "round(" + v + ")");
            }
        }
    }

    @Test
    void codecSendsTwoBytesPerValue() {
        Float16 codec = new Float16();
        float[] x = {1f, -2.5f, 1e-6f, 70000f, 0.1f};
        assertEquals(10, codec.bytes(5));
        assertEquals(codec.bytes(5), codec.encode(x, 0, 5).length);
        float[] out = new float[5];
        codec.decode(codec.encode(x, 0, 5), 5, out, 0);
        for (int j = 0; j < 5; j++) {
            assertEquals(reference(x[j]), out[j], 0.0);
        }
    }
}
