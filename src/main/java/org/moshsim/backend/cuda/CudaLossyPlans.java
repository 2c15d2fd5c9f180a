package org.moshsim.backend.cuda;

import static org.moshsim.backend.cuda.CudaDevice.columnTiles;
import static org.moshsim.backend.cuda.CudaDevice.threadsFor;
import static org.moshsim.backend.cuda.DeviceMemory.Element.FLOAT;
import static org.moshsim.backend.cuda.DeviceMemory.Element.INT;
import static org.moshsim.backend.cuda.DeviceMemory.Element.LONG;

import org.moshsim.lossy.LossyAggregation;
import org.moshsim.lossy.LossyRound;
import org.moshsim.lossy.PacketLayout;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.SparseMixing;

/**
 * Plans over lossy links without retransmission on the device (cuda-kernels/lossy.cu), with the CPU backend's
 * results to the bit: which packets are lost is decided on the host by the CPU's own link streams
 * ({@link LostPackets}) and uploaded; the kernels repeat the CPU's float64 sums in the same order, skipping what was
 * lost. Retransmission is the exact plan, which {@link CudaBackend} runs with its lossless kernels.
 */
final class CudaLossyPlans implements AutoCloseable {
    private final CudaDevice device;
    private final DeviceMemory lost = new DeviceMemory("lost-packet bits", INT);
    private final DeviceMemory groupOf = new DeviceMemory("plan's group of each slot", INT);
    private final DeviceMemory groupBase = new DeviceMemory("plan's first link of each group", LONG);
    private final DeviceMemory out = new DeviceMemory("lossy averaging buffer (a second copy of the peer matrix)", FLOAT);

    CudaLossyPlans(CudaDevice device) {
        this.device = device;
    }

    /** Whether this round's links change the values: not without loss, nor under retransmission (the exact plan). */
    static boolean lossy(LossyRound loss) {
        return loss != null && !loss.exact();
    }

    /**
     * Every member of every group of {@code groups} (completed groups only) gets its own mean of what reached it from
     * {@code source} (values or decoded rows); the weights get their groups' exact means.
     */
    void average(GroupAveraging groups, DeviceMemory values, DeviceMemory weights, DeviceMemory offsets, DeviceMemory members,
                 DeviceMemory source, int peers, int dim) {
        LossyRound loss = groups.loss();
        PacketLayout layout = loss.layout();
        LostPackets fates = LostPackets.of(groups, layout.packets(dim));
        int[] slots = new int[groups.members().length];
        for (int g = 0; g < groups.groupCount(); g++) {
            java.util.Arrays.fill(slots, groups.offsets()[g], groups.offsets()[g + 1], g);
        }
        out.ensure((long) peers * dim);
        DeviceMemory lostBits = lost.upload(fates.words());
        DeviceMemory groupOfSlot = groupOf.upload(slots);
        DeviceMemory bases = groupBase.upload(fates.groupBase());
        device.launch(Kernel.LOSSY_GROUP_AVERAGE, slots.length, columnTiles(dim), threadsFor(dim), out, offsets, members,
                groupOfSlot, bases, lostBits, fates.wordsPerLink(), layout.valuesPerPacket(), zeroFill(loss), source, dim);
        device.launch(Kernel.LOSSY_GROUP_COMMIT, groups.groupCount(), columnTiles(dim), threadsFor(dim), values, weights, offsets,
                members, out, dim);
    }

    /**
     * Each row r of {@code mixing} gets the weighted sum of what reached it into row r of {@code scratch}, and its new
     * weight into {@code scratchWeights}; mixing.cu's scatter_rows then copies them over the peers'.
     */
    void mix(SparseMixing mixing, DeviceMemory values, DeviceMemory weights, DeviceMemory offsets, DeviceMemory sources,
             DeviceMemory coefficients, DeviceMemory scratch, DeviceMemory scratchWeights, DeviceMemory targets,
             DeviceMemory sent, int dim) {
        LossyRound loss = mixing.loss();
        PacketLayout layout = loss.layout();
        LostPackets fates = LostPackets.of(mixing, layout.packets(dim));
        DeviceMemory lostBits = lost.upload(fates.words());
        device.launch(Kernel.LOSSY_MIX_ROWS, mixing.rows().length, columnTiles(dim), threadsFor(dim), values, weights, offsets,
                sources, coefficients, scratch, scratchWeights, targets, sent, lostBits, fates.wordsPerLink(),
                layout.valuesPerPacket(), zeroFill(loss), dim);
    }

    private static int zeroFill(LossyRound loss) {
        return loss.aggregation() instanceof LossyAggregation.ZeroFill ? 1 : 0;
    }

    void poison() {
        out.poison();
    }

    /** Frees the averaging buffer (the matrix it shadows is resized or gone). */
    void release() {
        out.close();
    }

    @Override
    public void close() {
        for (DeviceMemory memory : java.util.List.of(lost, groupOf, groupBase, out)) {
            memory.close();
        }
    }
}
