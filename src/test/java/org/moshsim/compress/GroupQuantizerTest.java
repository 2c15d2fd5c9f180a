package org.moshsim.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;

class GroupQuantizerTest {
    /** Flash Communication's bound: round to nearest on a grid of step scale errs by at most scale / 2. */
    @Test
    void errorIsWithinHalfAScalePerValue() {
        UniformRandomProvider rng = RandomStreams.stream(3, Purpose.COMPRESSION, 0, 0);
        for (int bits = 2; bits <= 8; bits++) {
            for (int groupSize : new int[] {1, 7, 32, 128}) {
                GroupQuantizer codec = new GroupQuantizer(bits, groupSize);
                for (int trial = 0; trial < 200; trial++) {
                    int length = groupSize * (1 + rng.nextInt(3)) + rng.nextInt(groupSize);
                    float[] x = new float[length];
                    RandomStreams.normalRow(trial, bits, rng.nextDouble() * 10 - 5, Math.pow(10, rng.nextInt(7) - 3), x, 0, length);
                    float[] q = new float[length];
                    codec.roundTrip(x, 0, length, q, 0);
                    for (int start = 0; start < length; start += groupSize) {
                        int end = Math.min(length, start + groupSize);
                        float min = Float.POSITIVE_INFINITY;
                        float max = Float.NEGATIVE_INFINITY;
                        for (int j = start; j < end; j++) {
                            min = Math.min(min, x[j]);
                            max = Math.max(max, x[j]);
                        }
                        double scale = codec.scale(min, max);
                        double slack = Math.ulp(Math.max(Math.abs(min), Math.abs(max)));
                        for (int j = start; j < end; j++) {
                            assertTrue(Math.abs(x[j] - q[j]) <= scale / 2 + slack,
                                codec.name() + ": |x - q| = " + Math.abs(x[j] - q[j]) + " > scale/2 = " + scale / 2);
                            if (x[j] == min) {
                                assertEquals(min, q[j], 0.0, "the zero point is exact");
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void bytesAreTheEncodedSize() {
        for (int bits = 2; bits <= 8; bits++) {
            for (int groupSize : new int[] {1, 3, 64, 128}) {
                GroupQuantizer codec = new GroupQuantizer(bits, groupSize);
                for (int length = 0; length < 300; length += 7) {
                    assertEquals(codec.bytes(length), codec.encode(new float[length], 0, length).length, codec.name() + " at " + length);
                }
            }
        }
        // 1000 values at int4, groups of 128: 8 groups x (min, scale) float32 + 1000 x 4 bits.
        assertEquals(8 * 8 + 500, new GroupQuantizer(4, 128).bytes(1000));
    }

    @Test
    void packedCodesUnpackToThemselves() {
        UniformRandomProvider rng = RandomStreams.stream(4, Purpose.COMPRESSION, 0, 0);
        for (int bits = 2; bits <= 8; bits++) {
            int[] codes = new int[333];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = rng.nextInt(1 << bits);
            }
            byte[] packed = new byte[3 + BitPacking.bytes(codes.length, bits)];
            BitPacking.pack(codes, codes.length, bits, packed, 3);
            int[] back = new int[codes.length];
            BitPacking.unpack(packed, 3, bits, codes.length, back);
            assertArrayEquals(codes, back, bits + " bits");
        }
    }

    @Test
    void moreBitsGiveSmallerError() {
        float[] x = new float[4096];
        RandomStreams.normalRow(5, 0, 0, 1, x, 0, x.length);
        double previous = Double.POSITIVE_INFINITY;
        for (int bits = 2; bits <= 8; bits++) {
            float[] q = new float[x.length];
            new GroupQuantizer(bits, 128).roundTrip(x, 0, x.length, q, 0);
            double error = 0;
            for (int j = 0; j < x.length; j++) {
                error += (x[j] - q[j]) * (double) (x[j] - q[j]);
            }
            assertTrue(error < previous / 3, bits + " bits: " + error + " vs " + previous);
            previous = error;
        }
    }

    @Test
    void blockwiseInt8ErrsByAtMostHalfAScale() {
        Blockwise8Bit codec = new Blockwise8Bit(64);
        float[] x = new float[1000];
        RandomStreams.normalRow(6, 0, 0.3, 2, x, 0, x.length);
        float[] q = new float[x.length];
        codec.roundTrip(x, 0, x.length, q, 0);
        for (int start = 0; start < x.length; start += 64) {
            float absmax = 0;
            for (int j = start; j < Math.min(x.length, start + 64); j++) {
                absmax = Math.max(absmax, Math.abs(x[j]));
            }
            for (int j = start; j < Math.min(x.length, start + 64); j++) {
                assertTrue(Math.abs(x[j] - q[j]) <= absmax / 127.0 / 2 + Math.ulp(absmax), "value " + j);
            }
        }
        assertEquals(4 * 16 + 1000, codec.bytes(1000));
        assertEquals(codec.bytes(1000), codec.encode(x, 0, 1000).length);
        float[] zeros = new float[10];
        codec.roundTrip(new float[10], 0, 10, zeros, 0);
        assertArrayEquals(new float[10], zeros);
    }

    /**
     * The byte-free round trips that the backends use must be decode(encode(x)) to the bit, whatever the offset, the
     * length, the scale (tiny, huge, zero) and the signed zeros.
     */
    @Test
    void directRoundTripsAreDecodeOfEncodeToTheBit() {
        UniformRandomProvider rng = RandomStreams.stream(8, Purpose.COMPRESSION, 0, 0);
        java.util.List<Codec> codecs = java.util.List.of(new Blockwise8Bit(1), new Blockwise8Bit(7), new Blockwise8Bit(64),
                new GroupQuantizer(2, 5), new GroupQuantizer(4, 128), new GroupQuantizer(8, 64), new GroupQuantizer(3, 1));
        for (Codec codec : codecs) {
            for (int trial = 0; trial < 300; trial++) {
                int length = 1 + rng.nextInt(300);
                int from = rng.nextInt(5);
                float[] x = new float[from + length];
                double magnitude = Math.scalb(1.0, rng.nextInt(80) - 40 - (trial % 7 == 0 ? 100 : 0));
                for (int j = 0; j < x.length; j++) {
                    x[j] = trial % 11 == 0 ? (rng.nextBoolean() ? 0f : -0f)
                            : trial % 13 == 0 ? 1.5f : (float) (magnitude * (2 * rng.nextDouble() - 1));
                }
                float[] expected = new float[length + 3];
                float[] actual = new float[length + 3];
                codec.decode(codec.encode(x, from, length), length, expected, 3);
                codec.roundTrip(x, from, length, actual, 3);
                for (int j = 0; j < length; j++) {
                    assertEquals(Float.floatToRawIntBits(expected[3 + j]), Float.floatToRawIntBits(actual[3 + j]),
                            codec.name() + " trial " + trial + " value " + j + ": " + actual[3 + j] + ", expected " + expected[3 + j]);
                }
            }
        }
    }
}
