package org.moshsim.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.moshsim.compress.ArcTopK;
import org.moshsim.compress.CollectiveCompressor;
import org.moshsim.compress.EF21M;
import org.moshsim.compress.RandK;
import org.moshsim.compress.TopK;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;

/**
 * The sparsifiers on the GPU against the CPU compressors, bit for bit (assertArrayEquals on floats compares bits,
 * so a kept -0.0 against a dropped +0.0 fails), alone and inside EF21M. The device's output buffer is poisoned
 * with NaN before every call, so a value a kernel forgets to write shows. Skipped, with the reason, without a GPU.
 */
class CudaSparsificationTest {
    private static CudaSparsification gpu;

    @BeforeEach
    void openGpu() {
        assumeTrue(Cuda.status().usable(), () -> "no usable GPU: " + Cuda.status().reason());
        if (gpu == null) {
            gpu = CudaSparsification.open();
            gpu.poisonBeforeEachCall();
        }
    }

    @AfterAll
    static void closeGpu() {
        if (gpu != null) {
            gpu.close();
        }
    }

    /**
     * N x D values: Gaussians, small integers (ties in |x| of both signs), runs of +0 and -0, and in "extremes"
     * also infinities, NaN, subnormals and the largest float.
     */
    static float[][] peerValues(int peers, int dim, long seed, boolean extremes) {
        UniformRandomProvider rng = RandomStreams.stream(seed, Purpose.COMPRESSION, 0, 0);
        float[][] xs = new float[peers][dim];
        for (float[] x : xs) {
            for (int d = 0; d < dim; d++) {
                int kind = rng.nextInt(extremes ? 10 : 8);
                x[d] = switch (kind) {
                    case 0, 1, 2 -> (float) (rng.nextDouble() * 4 - 2);
                    case 3, 4 -> rng.nextInt(7) - 3;
                    case 5 -> 0f;
                    case 6 -> -0f;
                    case 7 -> rng.nextBoolean() ? 1e-3f : -1e-3f;
                    case 8 -> rng.nextBoolean() ? Float.POSITIVE_INFINITY : Float.MIN_VALUE * (1 + rng.nextInt(5));
                    default -> rng.nextBoolean() ? Float.NaN : -Float.MAX_VALUE;
                };
            }
        }
        return xs;
    }

    private static void assertSameOutputs(CollectiveCompressor cpu, CollectiveCompressor device, float[][] xs, int round,
            String what) {
        float[][] expected = new float[xs.length][xs[0].length];
        float[][] actual = new float[xs.length][xs[0].length];
        cpu.compress(xs, expected, round);
        device.compress(xs, actual, round);
        for (int i = 0; i < xs.length; i++) {
            assertArrayEquals(expected[i], actual[i], what + ", round " + round + ", peer " + i);
        }
    }

    @ParameterizedTest(name = "{0} x {1}, k {2}, extremes {3}")
    @CsvSource({"1, 1, 1, false", "3, 7, 2, true", "3, 7, 7, false", "2, 5, 9, true", "8, 33, 1, false", "8, 33, 10, true",
        "16, 1000, 100, false", "16, 1000, 999, true", "5, 4097, 1000, true", "64, 300, 30, false", "4, 70001, 5000, false",
        "2, 256, 256, false", "3, 513, 300, true"})
    void topKMatchesTheCpu(int peers, int dim, int k, boolean extremes) {
        TopK spec = new TopK(k);
        for (int round = 0; round < 3; round++) {
            assertSameOutputs(CollectiveCompressor.perPeer(spec), gpu.topK(spec), peerValues(peers, dim, 11 + round, extremes),
                    round, "top-" + k);
        }
    }

    @ParameterizedTest(name = "{0} x {1}, k {2}, unbiased {3}")
    @CsvSource({"1, 1, 1, true", "3, 7, 3, true", "3, 7, 3, false", "2, 5, 9, true", "8, 33, 10, true", "16, 1000, 77, true",
        "16, 1000, 77, false", "5, 4097, 1000, true", "64, 300, 300, true"})
    void randKMatchesTheCpu(int peers, int dim, int k, boolean unbiased) {
        RandK spec = new RandK(k, 21, unbiased);
        for (int round = 0; round < 3; round++) {
            assertSameOutputs(CollectiveCompressor.perPeer(spec), gpu.randK(spec), peerValues(peers, dim, 31 + round, false),
                    round, "rand-" + k);
        }
    }

    @ParameterizedTest(name = "{0} x {1}, R {2}, r {3}, K {4}")
    @CsvSource({"1, 1, 1, 1, 1", "3, 7, 10, 2, 3", "3, 7, 3, 4, 1", "8, 33, 8, 3, 2", "16, 1000, 32, 8, 4",
        "5, 4097, 64, 5, 16", "64, 300, 17, 4, 17", "4, 70001, 100, 16, 10", "2, 12, 4, 1, 2"})
    void arcTopKMatchesTheCpu(int peers, int dim, int rows, int rank, int keep) {
        ArcTopK spec = new ArcTopK(rows, rank, keep, 41);
        for (int round = 0; round < 3; round++) {
            assertSameOutputs(spec, gpu.arcTopK(spec), peerValues(peers, dim, 51 + round, false), round, spec.toString());
        }
    }

    /** EF21M's state carries any difference into later rounds, so a few rounds check the compressors in use. */
    @ParameterizedTest(name = "{0}, {1} x {2}")
    @CsvSource({"top-k, 8, 33", "top-k, 16, 1000", "rand-k, 8, 33", "rand-k, 16, 1000", "arc-top-k, 8, 33",
        "arc-top-k, 16, 1000"})
    void errorFeedbackMatchesTheCpu(String compressor, int peers, int dim) {
        CollectiveCompressor cpu;
        CollectiveCompressor device;
        switch (compressor) {
            case "top-k" -> {
                TopK spec = new TopK(Math.max(1, dim / 10));
                cpu = CollectiveCompressor.perPeer(spec);
                device = gpu.topK(spec);
            }
            case "rand-k" -> {
                RandK spec = new RandK(Math.max(1, dim / 10), 5, true);
                cpu = CollectiveCompressor.perPeer(spec);
                device = gpu.randK(spec);
            }
            default -> {
                ArcTopK spec = new ArcTopK(8, 4, 2, 5);
                cpu = spec;
                device = gpu.arcTopK(spec);
            }
        }
        EF21M onCpu = new EF21M(peers, dim, 0.1, cpu);
        EF21M onGpu = new EF21M(peers, dim, 0.1, device);
        float[] expected = new float[dim];
        float[] actual = new float[dim];
        for (int round = 0; round < 5; round++) {
            float[][] gradients = peerValues(peers, dim, 61 + round, false);
            onCpu.step(gradients, round, expected);
                onGpu.step(gradients, round, actual);
            assertArrayEquals(expected, actual, compressor + " aggregate, round " + round);
            for (int i = 0; i < peers; i++) {
                assertArrayEquals(onCpu.sent(i), onGpu.sent(i), compressor + " sent by peer " + i + ", round " + round);
                assertArrayEquals(onCpu.estimate(i), onGpu.estimate(i), compressor + " estimate of peer " + i + ", round " + round);
            }
        }
    }
}
