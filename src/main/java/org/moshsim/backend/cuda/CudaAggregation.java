package org.moshsim.backend.cuda;

import static org.moshsim.backend.cuda.CudaDevice.columnTiles;
import static org.moshsim.backend.cuda.CudaDevice.threadsFor;
import static org.moshsim.backend.cuda.DeviceMemory.Element.FLOAT;
import static org.moshsim.backend.cuda.DeviceMemory.Element.INT;

import org.moshsim.compress.Compression;
import org.moshsim.compress.GroupQuantizer;

/**
 * Each exchanging group's aggregate of what its members send, through the plan's {@link Compression}, on the device
 * (cuda-kernels/gradients.cu, with the codecs of {@link CudaCompression} and the sparsifiers of
 * {@link CudaSparsification}), as {@code Compression.aggregate} computes it on the CPU: the exact mean, the mean of the
 * codec's round trips, a sparsifier with or without error feedback (whose per-peer rows the caller keeps on the device),
 * the two-step quantised all-reduce or the float16 ring. Every group of a plan at once: one launch per step.
 */
final class CudaAggregation implements AutoCloseable {
    private final CudaDevice device;
    private final CudaCompression codecs;
    private final CudaSparsification sparsifiers;
    private final DeviceMemory inputs = new DeviceMemory("compressor inputs under error feedback (one row per member)", FLOAT);
    private final DeviceMemory compressed = new DeviceMemory("compressed gradients (one row per member)", FLOAT);
    private final DeviceMemory averaged = new DeviceMemory("error feedback's averaged rows (one per member)", FLOAT);
    private final DeviceMemory started = new DeviceMemory("EF21M momenta started (one flag per member)", INT);
    private final DeviceMemory received = new DeviceMemory("two-step all-reduce's received shards (one row per member)", FLOAT);
    private final DeviceMemory reduced = new DeviceMemory("two-step all-reduce's summed shards (one row per group)", FLOAT);
    private final DeviceMemory means = new DeviceMemory("gradient aggregates (one row per group)", FLOAT);

    CudaAggregation(CudaDevice device, CudaCompression codecs, CudaSparsification sparsifiers) {
        this.device = device;
        this.codecs = codecs;
        this.sparsifiers = sparsifiers;
    }

    /**
     * The groups' aggregates, row a for group a, of the rows their members send ({@code sent}, one per slot).
     * {@code feedback} holds the members' peers' error-feedback rows (null without feedback) and is updated as the
     * CPU's error feedback updates its rows; Rand-K's indices and ARC-Top-K's sketch come from (seed, round).
     */
    DeviceMemory aggregate(Compression compression, CudaGradientExchanges.Groups groups, DeviceMemory sent,
                           CudaGradientExchanges.Feedback feedback, long seed, int round) {
        int slots = groups.slots();
        int dim = groups.dim();
        means.ensure((long) groups.count() * dim);
        DeviceMemory rows;
        if (compression instanceof Compression.Exact) {
            rows = sent;
        } else if (compression instanceof Compression.Coded coded) {
            rows = codecs.decode(coded.codec(), CudaGradientExchanges.identity(slots), slots, sent, slots, dim);
        } else if (compression instanceof Compression.Sparsified sparse) {
            rows = sparsified(sparse, groups, sent, feedback, seed, round);
        } else if (compression instanceof Compression.TwoStep twoStep) {
            twoStep(twoStep.quantizer(), groups, sent);
            return means;
        } else {
            device.launch(Kernel.FLOAT16_RING, groups.count(), columnTiles(dim), threadsFor(dim), sent, groups.offsets(), means, dim);
            return means;
        }
        device.launch(Kernel.GROUP_MEANS, groups.count(), columnTiles(dim), threadsFor(dim), rows, groups.offsets(), means, dim);
        return means;
    }

    /**
     * The rows a sparsifier's aggregate averages: without feedback each member's compressed gradient; with it, what
     * the feedback sends (EF14) or its estimates (EF21, EF21M), each peer's rows updated as compress/EF14, EF21 and
     * EF21M update them.
     */
    private DeviceMemory sparsified(Compression.Sparsified sparse, CudaGradientExchanges.Groups groups, DeviceMemory sent,
                                    CudaGradientExchanges.Feedback feedback, long seed, int round) {
        int slots = groups.slots();
        int dim = groups.dim();
        long values = (long) slots * dim;
        compressed.ensure(values);
        // Feedback's ordinal is the kernels' kind: EF14 1, EF21 2, EF21M 3.
        int kind = sparse.feedback().ordinal();
        DeviceMemory in = sent;
        if (kind != 0) {
            int[] flags = new int[slots];
            for (int k = 0; k < slots; k++) {
                flags[k] = feedback.started()[groups.members()[k]] ? 1 : 0;
            }
            inputs.ensure(values);
            device.launch(Kernel.FEEDBACK_INPUTS, device.grid(values), 1, CudaDevice.THREADS, kind, sent, feedback.first(),
                    feedback.second(), groups.deviceMembers(), started.upload(flags), sparse.eta(), inputs, (long) slots, dim);
            in = inputs;
        }
        switch (sparse.kind()) {
            case TOP_K -> sparsifiers.topK(in, compressed, slots, dim, sparse.topK(dim));
            case RAND_K -> sparsifiers.randK(in, compressed, slots, dim, sparse.randK(dim, seed), round);
            case ARC_TOP_K -> sparsifiers.arcTopK(in, compressed, slots, dim, sparse.arcTopK(dim, seed), round, groups.hostOffsets(),
                    groups.groupOf());
        }
        if (kind == 0) {
            return compressed;
        }
        averaged.ensure(values);
        device.launch(Kernel.FEEDBACK_OUTPUTS, device.grid(values), 1, CudaDevice.THREADS, kind, compressed, feedback.first(),
                feedback.second(), groups.deviceMembers(), averaged, (long) slots, dim);
        if (sparse.feedback() == Compression.Feedback.EF21M) {
            for (int member : groups.members()) {
                feedback.started()[member] = true;
            }
        }
        return averaged;
    }

    /** Flash Communication's two-step all-reduce in every group: quantised shards out, sums, quantised sums back. */
    private void twoStep(GroupQuantizer quantizer, CudaGradientExchanges.Groups groups, DeviceMemory sent) {
        int dim = groups.dim();
        int threads = threadsFor(groups.largest());
        received.ensure((long) groups.slots() * dim);
        reduced.ensure((long) groups.count() * dim);
        device.launch(Kernel.TWO_STEP_SHARDS, groups.slots(), 1, threads, sent, received, groups.offsets(), groups.groupOf(), dim,
                quantizer.groupSize(), quantizer.levels());
        device.launch(Kernel.TWO_STEP_REDUCE, groups.count(), columnTiles(dim), threadsFor(dim), sent, received, groups.offsets(),
                reduced, dim);
        device.launch(Kernel.TWO_STEP_GATHER, groups.count(), 1, threads, reduced, means, groups.offsets(), dim, quantizer.groupSize(),
                quantizer.levels());
    }

    void poison() {
        for (DeviceMemory memory : new DeviceMemory[] {inputs, compressed, averaged, received, reduced, means}) {
            memory.poison();
        }
    }

    /** Frees the buffers shaped by the matrix (it is resized or gone). */
    void release() {
        close();
    }

    @Override
    public void close() {
        for (DeviceMemory memory : new DeviceMemory[] {inputs, compressed, averaged, started, received, reduced, means}) {
            memory.close();
        }
    }
}
