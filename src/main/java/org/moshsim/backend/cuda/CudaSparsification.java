package org.moshsim.backend.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemsetD32;
import static org.moshsim.backend.cuda.DeviceMemory.Element.DOUBLE;
import static org.moshsim.backend.cuda.DeviceMemory.Element.FLOAT;
import static org.moshsim.backend.cuda.DeviceMemory.Element.INT;

import java.util.Arrays;
import jcuda.Pointer;
import org.moshsim.compress.ArcTopK;
import org.moshsim.compress.CollectiveCompressor;
import org.moshsim.compress.RandK;
import org.moshsim.compress.TopK;

/**
 * The sparsifiers of {@code org.moshsim.compress} on the GPU (cuda-kernels/sparsify.cu), as collective compressors
 * whose outputs are the CPU compressors' bits: {@code perPeer(new TopK(k))}, {@code perPeer(randK)} and
 * {@code arcTopK} itself. Each call uploads all peers' rows as one N x D matrix, runs the kernels and downloads the
 * reconstructions; the draws that are sequential streams (Rand-K's indices, ARC-Top-K's sketch V) and ARC-Top-K's
 * choice of R rows are made on the host by the Java code itself and uploaded.
 */
public final class CudaSparsification implements AutoCloseable {
    private static final int THREADS = 256; // top_k_rows' SPARSIFY_THREADS

    private final CudaDevice device;
    private final DeviceMemory input = new DeviceMemory("sparsifier input (the peer matrix)", FLOAT);
    private final DeviceMemory output = new DeviceMemory("sparsifier output (a second copy of the peer matrix)", FLOAT);
    private final DeviceMemory indices = new DeviceMemory("Rand-K indices", INT);
    private final DeviceMemory sketch = new DeviceMemory("ARC-Top-K sketch V", DOUBLE);
    private final DeviceMemory sketches = new DeviceMemory("ARC-Top-K per-peer sketches (N R r float64)", DOUBLE);
    private final DeviceMemory summed = new DeviceMemory("ARC-Top-K summed sketch", DOUBLE);
    private final DeviceMemory keptRows = new DeviceMemory("ARC-Top-K kept rows", INT);
    private boolean poison;

    CudaSparsification(CudaDevice device) {
        this.device = device;
    }

    /** Sparsifiers on the machine's first GPU; {@link Cuda#status()} says beforehand whether there is one. */
    public static CudaSparsification open() {
        return new CudaSparsification(CudaDevice.shared());
    }

    /** Each peer's Top-K, as {@code CollectiveCompressor.perPeer(spec)} computes it. */
    public CollectiveCompressor topK(TopK spec) {
        return (xs, outs, round) -> run(xs, outs, (peers, dim) ->
                device.launch(Kernel.TOP_K_ROWS, peers, 1, THREADS, input, output, dim, spec.k()));
    }

    /** Rand-K with the indices every peer shares this round, as {@code CollectiveCompressor.perPeer(spec)} computes it. */
    public CollectiveCompressor randK(RandK spec) {
        return (xs, outs, round) -> run(xs, outs, (peers, dim) -> {
            int[] kept = spec.indices(dim, round);
            double factor = spec.unbiased() ? (double) dim / kept.length : 1.0; // RandK.compress's scale
            cuMemsetD32(output.pointer(), 0, (long) peers * dim);
            device.launch(Kernel.SCATTER_KEPT, grid((long) peers * kept.length), 1, THREADS, input, output, indices.upload(kept),
                    kept.length, (long) peers, dim, factor);
        });
    }

    /** ARC-Top-K: the same rows kept by every peer, chosen from the summed sketch, as {@code spec.compress} does. */
    public CollectiveCompressor arcTopK(ArcTopK spec) {
        return (xs, outs, round) -> run(xs, outs, (peers, dim) -> {
            int rows = spec.rows();
            int rank = spec.rank();
            int size = rows * rank;
            sketches.ensure((long) peers * size);
            summed.ensure(size);
            device.launch(Kernel.ARC_SKETCHES, grid((long) peers * size), 1, THREADS, input,
                    sketch.upload(spec.sketchMatrix(dim, round)), sketches, (long) peers, dim, rows, spec.columns(dim), rank);
            device.launch(Kernel.SUM_SKETCHES, grid(size), 1, THREADS, sketches, summed, (long) peers, size);
            double[] sum = new double[size];
            cuMemcpyDtoH(Pointer.to(sum), summed.pointer(), 8L * size);
            device.launch(Kernel.KEEP_ROWS, grid((long) peers * dim), 1, THREADS, input, output,
                    keptRows.upload(rowMask(spec.select(sum), rows)), (long) peers, dim, spec.columns(dim));
        });
    }

    /** What a compressor does between the upload of the inputs and the download of the outputs. */
    @FunctionalInterface
    private interface Launches {
        void launch(int peers, int dim);
    }

    private void run(float[][] xs, float[][] outs, Launches launches) {
        int peers = xs.length;
        int dim = peers == 0 ? 0 : xs[0].length;
        if (peers == 0 || dim == 0) {
            return;
        }
        cuCtxSetCurrent(device.context());
        long bytes = 4L * peers * dim;
        output.ensure((long) peers * dim);
        if (poison) {
            output.poison();
        }
        input.upload(pack(xs));
        launches.launch(peers, dim);
        float[] result = new float[Math.toIntExact((long) peers * dim)];
        cuMemcpyDtoH(Pointer.to(result), output.pointer(), bytes);
        unpack(result, outs);
    }

    /** The peers' rows as one row-major N x D matrix (they must all be D long). */
    static float[] pack(float[][] rows) {
        int dim = rows[0].length;
        float[] matrix = new float[Math.toIntExact((long) rows.length * dim)];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != dim) {
                throw new IllegalArgumentException("peer " + i + " has " + rows[i].length + " values, peer 0 has " + dim);
            }
            System.arraycopy(rows[i], 0, matrix, i * dim, dim);
        }
        return matrix;
    }

    /** Splits a row-major N x D matrix into the peers' rows. */
    static void unpack(float[] matrix, float[][] rows) {
        int dim = rows[0].length;
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(matrix, i * dim, rows[i], 0, dim);
        }
    }

    /** keep_rows' mask: 1 at each of the kept rows, 0 at the others of {@code rows}. */
    static int[] rowMask(int[] kept, int rows) {
        int[] mask = new int[rows];
        for (int j : kept) {
            mask[j] = 1;
        }
        return mask;
    }

    /** Tests: fills the output with NaN bytes before every call's kernels, so that a value they forget to write shows. */
    void poisonBeforeEachCall() {
        poison = true;
    }

    /** Blocks for a grid-stride loop over {@code work} items. */
    private int grid(long work) {
        return (int) Math.max(1, Math.min((work + THREADS - 1) / THREADS, 32L * device.multiprocessors()));
    }

    @Override
    public void close() {
        cuCtxSetCurrent(device.context());
        cuCtxSynchronize();
        for (DeviceMemory memory : Arrays.asList(input, output, indices, sketch, sketches, summed, keptRows)) {
            memory.close();
        }
    }
}
