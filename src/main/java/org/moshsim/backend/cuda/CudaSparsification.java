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
 * choice of R rows are made on the host by the Java code itself and uploaded. The CUDA backend's gradient exchanges run
 * the same kernels on rows already on the device (the package-private methods), ARC-Top-K within each group.
 */
public final class CudaSparsification implements AutoCloseable {
    private static final int THREADS = 256; // top_k_rows' SPARSIFY_THREADS

    private final CudaDevice device;
    private final DeviceMemory input = new DeviceMemory("sparsifier input (the peer matrix)", FLOAT);
    private final DeviceMemory output = new DeviceMemory("sparsifier output (a second copy of the peer matrix)", FLOAT);
    private final DeviceMemory indices = new DeviceMemory("Rand-K indices", INT);
    private final DeviceMemory sketch = new DeviceMemory("ARC-Top-K sketch V", DOUBLE);
    private final DeviceMemory sketches = new DeviceMemory("ARC-Top-K per-peer sketches (N R r float64)", DOUBLE);
    private final DeviceMemory summed = new DeviceMemory("ARC-Top-K summed sketches (one per group)", DOUBLE);
    private final DeviceMemory keptRows = new DeviceMemory("ARC-Top-K kept rows (one mask per group)", INT);
    private final DeviceMemory groupOffsets = new DeviceMemory("ARC-Top-K groups' offsets", INT);
    private final DeviceMemory groupOfRow = new DeviceMemory("ARC-Top-K group of each row", INT);
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
        return (xs, outs, round) -> run(xs, outs, (peers, dim) -> topK(input, output, peers, dim, spec));
    }

    /** Rand-K with the indices every peer shares this round, as {@code CollectiveCompressor.perPeer(spec)} computes it. */
    public CollectiveCompressor randK(RandK spec) {
        return (xs, outs, round) -> run(xs, outs, (peers, dim) -> randK(input, output, peers, dim, spec, round));
    }

    /** ARC-Top-K: the same rows kept by every peer, chosen from the summed sketch, as {@code spec.compress} does. */
    public CollectiveCompressor arcTopK(ArcTopK spec) {
        return (xs, outs, round) -> run(xs, outs, (peers, dim) -> arcTopK(input, output, peers, dim, spec, round,
                new int[] {0, peers}, groupOfRow.upload(new int[peers])));
    }

    /** Row i of {@code out} becomes the Top-K of row i of {@code in}, for the first {@code rows} rows of {@code dim} values. */
    void topK(DeviceMemory in, DeviceMemory out, int rows, int dim, TopK spec) {
        device.launch(Kernel.TOP_K_ROWS, rows, 1, THREADS, in, out, dim, spec.k());
    }

    /** Row i of {@code out} becomes the Rand-K of row i of {@code in} at this round, every row keeping the same indices. */
    void randK(DeviceMemory in, DeviceMemory out, int rows, int dim, RandK spec, int round) {
        int[] kept = spec.indices(dim, round);
        double factor = spec.unbiased() ? (double) dim / kept.length : 1.0; // RandK.compress's scale
        cuMemsetD32(out.pointer(), 0, (long) rows * dim);
        device.launch(Kernel.SCATTER_KEPT, grid((long) rows * kept.length), 1, THREADS, in, out, indices.upload(kept), kept.length,
                (long) rows, dim, factor);
    }

    /**
     * ARC-Top-K within each group of rows (group g: rows {@code offsets[g] .. offsets[g + 1] - 1}; {@code groupOf} holds
     * each row's group on the device): the group's members keep the rows their summed sketch selects, as
     * {@code spec.compress} does for the members' vectors. The selection is made on the host, from the downloaded sums.
     */
    void arcTopK(DeviceMemory in, DeviceMemory out, int rows, int dim, ArcTopK spec, int round, int[] offsets, DeviceMemory groupOf) {
        int sketchRows = spec.rows();
        int size = sketchRows * spec.rank();
        int groups = offsets.length - 1;
        sketches.ensure((long) rows * size);
        summed.ensure((long) groups * size);
        device.launch(Kernel.ARC_SKETCHES, grid((long) rows * size), 1, THREADS, in, sketch.upload(spec.sketchMatrix(dim, round)),
                sketches, (long) rows, dim, sketchRows, spec.columns(dim), spec.rank());
        device.launch(Kernel.SUM_SKETCHES, grid((long) groups * size), 1, THREADS, sketches, summed, groupOffsets.upload(offsets),
                groups, size);
        double[] sums = new double[groups * size];
        cuMemcpyDtoH(Pointer.to(sums), summed.pointer(), 8L * sums.length);
        int[] masks = new int[groups * sketchRows];
        for (int g = 0; g < groups; g++) {
            int[] kept = spec.select(Arrays.copyOfRange(sums, g * size, (g + 1) * size));
            System.arraycopy(rowMask(kept, sketchRows), 0, masks, g * sketchRows, sketchRows);
        }
        device.launch(Kernel.KEEP_ROWS, grid((long) rows * dim), 1, THREADS, in, out, keptRows.upload(masks), groupOf, (long) rows,
                dim, spec.columns(dim), sketchRows);
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

    /** keep_rows' mask for one group: 1 at each of the kept rows, 0 at the others of {@code rows}. */
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

    private int grid(long work) {
        return device.grid(work);
    }

    @Override
    public void close() {
        cuCtxSetCurrent(device.context());
        cuCtxSynchronize();
        for (DeviceMemory memory : Arrays.asList(input, output, indices, sketch, sketches, summed, keptRows, groupOffsets, groupOfRow)) {
            memory.close();
        }
    }
}
