package org.moshsim.backend.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemsetD8;
import static org.moshsim.backend.cuda.CudaDevice.columnTiles;
import static org.moshsim.backend.cuda.CudaDevice.threadsFor;
import static org.moshsim.backend.cuda.DeviceMemory.Element.DOUBLE;
import static org.moshsim.backend.cuda.DeviceMemory.Element.FLOAT;
import static org.moshsim.backend.cuda.DeviceMemory.Element.INT;
import static org.moshsim.backend.cuda.DeviceMemory.Element.LONG;

import java.util.Arrays;
import jcuda.Pointer;
import org.moshsim.backend.Backend;
import org.moshsim.compress.Codec;
import org.moshsim.compress.Compression;
import org.moshsim.lossy.LossyAggregation;
import org.moshsim.lossy.LossyRound;
import org.moshsim.lossy.PacketLayout;
import org.moshsim.plan.GradientExchange;
import org.moshsim.plan.LocalSteps;

/**
 * Training by gradient exchange on the device (cuda-kernels/gradients.cu), with the state the CPU backend's
 * GradientExchanges keeps for one run: next to the peers' rows, each peer's accumulated gradient (float64), its
 * error-feedback rows (float32) and the parameter server's copy; on the host, the examples each accumulator stands for,
 * whether each EF21M momentum has started, and the aggregates' statistics. The host decides, as GradientExchanges does,
 * what each group and each other peer does and lists the groups that exchange; each step of the arithmetic is then one
 * launch over all of them, in the CPU's float64 order, so both backends give the same bits.
 */
final class CudaGradientExchanges implements AutoCloseable {
    /**
     * The groups of a plan that exchange (completed, something accumulated), in CSR form over member slots: offsets,
     * members and each slot's group, on the host and on the device.
     */
    record Groups(int[] hostOffsets, int[] members, int[] groupOfSlot, DeviceMemory offsets, DeviceMemory deviceMembers,
                  DeviceMemory groupOf, int dim) {
        int count() {
            return hostOffsets.length - 1;
        }

        int slots() {
            return members.length;
        }

        int size(int group) {
            return hostOffsets[group + 1] - hostOffsets[group];
        }

        int largest() {
            int largest = 1;
            for (int a = 0; a < count(); a++) {
                largest = Math.max(largest, size(a));
            }
            return largest;
        }
    }

    /** Each peer's error-feedback rows (e_i, g_i, or v_i then g_i; second is first where there is one row) and EF21M's flags. */
    record Feedback(DeviceMemory first, DeviceMemory second, boolean[] started) {
    }

    private final CudaDevice device;
    private final CudaTraining training;
    private final CudaCompression codecs;
    private final CudaAggregation aggregation;
    private final DeviceMemory accumulated = new DeviceMemory("gradient accumulators (a float64 copy of the peer matrix)", DOUBLE);
    private final DeviceMemory feedbackFirst = new DeviceMemory("error-feedback rows (a copy of the peer matrix)", FLOAT);
    private final DeviceMemory feedbackSecond = new DeviceMemory("EF21M's estimates (a copy of the peer matrix)", FLOAT);
    private final DeviceMemory server = new DeviceMemory("parameter server's copy of the parameters", FLOAT);
    private final DeviceMemory sent = new DeviceMemory("members' sent gradients (one row per member)", FLOAT);
    private final DeviceMemory exact = new DeviceMemory("groups' exact gradients (float64, one row per group)", DOUBLE);
    private final DeviceMemory lossyAggregates = new DeviceMemory("aggregates over lossy links (one row per member)", FLOAT);
    private final DeviceMemory offsets = new DeviceMemory("exchanging groups' offsets", INT);
    private final DeviceMemory members = new DeviceMemory("exchanging groups' members", INT);
    private final DeviceMemory groupOf = new DeviceMemory("exchanging groups' group of each member", INT);
    private final DeviceMemory counts = new DeviceMemory("members' examples", DOUBLE);
    private final DeviceMemory scales = new DeviceMemory("members' sample weights", DOUBLE);
    private final DeviceMemory totals = new DeviceMemory("groups' examples", DOUBLE);
    private final DeviceMemory aggregateOf = new DeviceMemory("members' aggregate rows", INT);
    private final DeviceMemory exactRows = new DeviceMemory("measured aggregates' exact rows", INT);
    private final DeviceMemory errorSums = new DeviceMemory("aggregates' error sums", DOUBLE);
    private final DeviceMemory alonePeers = new DeviceMemory("peers stepping alone", INT);
    private final DeviceMemory aloneCounts = new DeviceMemory("peers stepping alone: their examples", DOUBLE);
    private final DeviceMemory lost = new DeviceMemory("gradient exchange's lost-packet bits", INT);
    private final DeviceMemory groupBase = new DeviceMemory("gradient exchange's first link of each group", LONG);
    private int peers;
    private int dim;
    /** Per peer, the examples its accumulator stands for; null until the first accumulation (the accumulators are zero). */
    private double[] examples;
    /** Per peer, whether its EF21M momentum has started; null until the first exchange with error feedback. */
    private boolean[] started;
    /** Whether the parameter server has its copy (from its first round on). */
    private boolean serverStarted;
    private double biasSum;
    private double errorSum;
    private long samples;

    CudaGradientExchanges(CudaDevice device, CudaTraining training, CudaCompression codecs, CudaSparsification sparsifiers) {
        this.device = device;
        this.training = training;
        this.codecs = codecs;
        this.aggregation = new CudaAggregation(device, codecs, sparsifiers);
    }

    /** Forgets everything: a new run of {@code peers} rows of {@code dim} values starts. */
    void reset(int peers, int dim) {
        if (peers != this.peers || dim != this.dim) {
            release();
        }
        this.peers = peers;
        this.dim = dim;
        examples = null;
        started = null;
        serverStarted = false;
        biasSum = 0;
        errorSum = 0;
        samples = 0;
    }

    /** The mean relative bias and error of the aggregates applied so far (NaN before the first). */
    Backend.Aggregates aggregates() {
        return samples == 0 ? Backend.Aggregates.NONE : new Backend.Aggregates(biasSum / samples, errorSum / samples);
    }

    /** Each stepping peer adds its batches' summed gradients, at its de-biased model, to its accumulator. */
    void accumulate(LocalSteps plan, DeviceMemory values, DeviceMemory weights) {
        if (examples == null) {
            zeroed(accumulated, (long) peers * dim);
            examples = new double[peers];
        }
        training.accumulate(plan, values, weights, dim, accumulated);
        for (int p = 0; p < plan.peers().length; p++) {
            // As ModelKernels.accumulate: the steps' counts summed, then added (empty batches count too).
            double counted = 0;
            for (int s = plan.stepOffsets()[p]; s < plan.stepOffsets()[p + 1]; s++) {
                counted += plan.counts()[s];
            }
            examples[plan.peers()[p]] += counted;
        }
    }

    /** Executes a gradient exchange; see {@link GradientExchange} for what each group and each other peer does. */
    void exchange(GradientExchange plan, DeviceMemory values, DeviceMemory weights) {
        if (Double.isNaN(plan.learningRate())) {
            throw new IllegalStateException("a gradient exchange needs its learning rate");
        }
        if (examples == null) {
            return; // nobody has accumulated anything yet
        }
        if (plan.compression() instanceof Compression.Sparsified sparse && sparse.feedback().rows() > 0 && started == null) {
            zeroed(feedbackFirst, (long) peers * dim);
            if (sparse.feedback().rows() > 1) {
                zeroed(feedbackSecond, (long) peers * dim);
            }
            started = new boolean[peers];
        }
        // Failed groups' members drop their gradients (count 0) or step alone; so do peers that met nobody.
        int[] alone = new int[peers];
        double[] aloneExamples = new double[peers];
        int aloneCount = 0;
        boolean[] handled = new boolean[peers];
        int[] activeOffsets = new int[plan.groupCount() + 1];
        int[] activeMembers = new int[plan.members().length];
        double[] groupTotals = new double[plan.groupCount()];
        int active = 0;
        for (int g = 0; g < plan.groupCount(); g++) {
            int first = plan.offsets()[g];
            int last = plan.offsets()[g + 1];
            double total = 0;
            for (int k = first; k < last; k++) {
                handled[plan.members()[k]] = true;
                total += examples[plan.members()[k]];
            }
            if (plan.failed(g)) {
                for (int k = first; k < last; k++) {
                    int member = plan.members()[k];
                    alone[aloneCount] = member;
                    aloneExamples[aloneCount++] = plan.failureDropsGradients() ? 0 : examples[member];
                    examples[member] = 0;
                }
            } else if (total > 0) {
                System.arraycopy(plan.members(), first, activeMembers, activeOffsets[active], last - first);
                groupTotals[active] = total;
                activeOffsets[active + 1] = activeOffsets[active] + last - first;
                active++;
            }
        }
        for (int i = 0; i < peers; i++) {
            if (!handled[i] && examples[i] > 0) {
                alone[aloneCount] = i;
                aloneExamples[aloneCount++] = examples[i];
                examples[i] = 0;
            }
        }
        if (active > 0) {
            int[] hostOffsets = Arrays.copyOf(activeOffsets, active + 1);
            int[] slots = Arrays.copyOf(activeMembers, hostOffsets[active]);
            exchange(plan, groups(hostOffsets, slots), Arrays.copyOf(groupTotals, active), values, weights);
        }
        if (aloneCount > 0) {
            long work = (long) aloneCount * dim;
            device.launch(Kernel.STEP_ALONE, device.grid(work), 1, CudaDevice.THREADS, values, weights, accumulated,
                    alonePeers.upload(Arrays.copyOf(alone, aloneCount)),
                    aloneCounts.upload(Arrays.copyOf(aloneExamples, aloneCount)), plan.learningRate(), (long) aloneCount, dim);
        }
    }

    /** The exchanging groups, uploaded, each member's slot knowing its group. */
    private Groups groups(int[] hostOffsets, int[] slots) {
        int[] group = new int[slots.length];
        for (int a = 0; a + 1 < hostOffsets.length; a++) {
            Arrays.fill(group, hostOffsets[a], hostOffsets[a + 1], a);
        }
        return new Groups(hostOffsets, slots, group, offsets.upload(hostOffsets), members.upload(slots), groupOf.upload(group), dim);
    }

    /**
     * The exchanging groups: what each member sends and the exact gradients; the aggregates (one per group through the
     * compression, or over lossy links each receiver's own), measured; then every member steps, or the server steps
     * its copy and broadcasts it.
     */
    private void exchange(GradientExchange plan, Groups groups, double[] groupTotals, DeviceMemory values, DeviceMemory weights) {
        int slots = groups.slots();
        double[] memberExamples = new double[slots];
        double[] memberScales = new double[slots];
        for (int a = 0; a < groups.count(); a++) {
            int n = groups.size(a);
            for (int k = groups.hostOffsets()[a]; k < groups.hostOffsets()[a + 1]; k++) {
                double count = examples[groups.members()[k]];
                memberExamples[k] = count;
                memberScales[k] = n * count / groupTotals[a];
                examples[groups.members()[k]] = 0;
            }
        }
        sent.ensure((long) slots * dim);
        exact.ensure((long) groups.count() * dim);
        device.launch(Kernel.GRADIENT_CONTRIBUTIONS, groups.count(), columnTiles(dim), threadsFor(dim), accumulated, groups.offsets(),
                groups.deviceMembers(), counts.upload(memberExamples), scales.upload(memberScales), totals.upload(groupTotals), sent,
                exact, dim);
        LossyRound loss = plan.loss();
        boolean lossless = loss == null || loss.exact();
        boolean parameterServer = plan.collective() instanceof GradientExchange.Collective.ParameterServer;
        LostPackets fates = null;
        DeviceMemory aggregates;
        int[] stepsWith;
        if (lossless) {
            Feedback feedback = started == null ? null
                    : new Feedback(feedbackFirst, feedbackSecond.pointer() == null ? feedbackFirst : feedbackSecond, started);
            aggregates = aggregation.aggregate(plan.compression(), groups, sent, feedback, plan.seed(), plan.round());
            stepsWith = groups.groupOfSlot();
        } else {
            PacketLayout layout = loss.layout();
            int packets = layout.packets(dim);
            fates = parameterServer ? LostPackets.ofServer(groups.members(), loss, packets)
                    : LostPackets.of(groups.hostOffsets(), groups.members(), null, loss, packets);
            Codec codec = plan.compression().codec();
            int[] rows = identity(slots);
            DeviceMemory received = codec == null ? sent : codecs.decode(codec, rows, slots, sent, slots, dim);
            int receivers = parameterServer ? 1 : slots;
            lossyAggregates.ensure((long) receivers * dim);
            device.launch(Kernel.LOSSY_GRADIENTS, receivers, columnTiles(dim), threadsFor(dim), received, groups.offsets(),
                    groups.groupOf(), groupBase.upload(fates.groupBase() == null ? new long[1] : fates.groupBase()),
                    lost.upload(fates.words()), fates.wordsPerLink(), layout.valuesPerPacket(),
                    loss.aggregation() instanceof LossyAggregation.ZeroFill ? 1 : 0, parameterServer ? 1 : 0, lossyAggregates, dim);
            aggregates = lossyAggregates;
            stepsWith = rows;
        }
        // Each member applies its group's aggregate, or over lossy links its own; a server's is applied once.
        measure(groups, aggregates, lossless || parameterServer, parameterServer);
        if (parameterServer) {
            serve(plan, groups, aggregates, fates, values, weights);
        } else {
            long work = (long) slots * dim;
            device.launch(Kernel.GRADIENT_STEPS, device.grid(work), 1, CudaDevice.THREADS, values, weights, groups.deviceMembers(),
                    aggregates, aggregateOf.upload(stepsWith), plan.learningRate(), (long) slots, dim);
        }
    }

    /**
     * Adds the relative bias {@code <a - g, g> / |g|^2} and relative error {@code |a - g| / |g|} (where |g| > 0) of every
     * applied aggregate to the run's sums, in the CPU's order: group by group, and within a group one aggregate per
     * member, row slot of {@code aggregates}, or ({@code perGroup}) the group's one, row a, once per member (or
     * {@code once}, a server's).
     */
    private void measure(Groups groups, DeviceMemory aggregates, boolean perGroup, boolean once) {
        int count = perGroup ? groups.count() : groups.slots();
        errorSums.ensure(3L * count);
        device.launch(Kernel.AGGREGATE_ERRORS, device.grid(count), 1, CudaDevice.THREADS, aggregates, exact,
                exactRows.upload(perGroup ? identity(count) : groups.groupOfSlot()), errorSums, count, dim);
        double[] sums = new double[3 * count];
        cuMemcpyDtoH(Pointer.to(sums), errorSums.pointer(), 8L * sums.length);
        for (int a = 0; a < groups.count(); a++) {
            double bias = 0;
            double error = 0;
            double measured = 0;
            for (int k = 0, applied = once ? 1 : groups.size(a); k < applied; k++) {
                int at = 3 * (perGroup ? a : groups.hostOffsets()[a] + k);
                double norm = sums[at + 2];
                if (norm > 0) {
                    bias += sums[at] / norm;
                    error += Math.sqrt(sums[at + 1] / norm);
                    measured++;
                }
            }
            biasSum += bias;
            errorSum += error;
            samples += (long) measured;
        }
    }

    /**
     * The parameter server steps its copy (taken from the first member's de-biased model when it starts) and broadcasts
     * it: every member's row becomes the copy, except where over lossy links (fates not null) a packet is lost.
     */
    private void serve(GradientExchange plan, Groups groups, DeviceMemory aggregate, LostPackets fates, DeviceMemory values,
                       DeviceMemory weights) {
        server.ensure(dim);
        DeviceMemory broadcastLost = fates == null ? lost.upload(new int[1]) : lost; // uploaded for the pushes, or unread
        int packetValues = plan.loss() == null ? 1 : plan.loss().layout().valuesPerPacket();
        device.launch(Kernel.SERVE_PARAMETERS, device.grid(dim), 1, CudaDevice.THREADS, values, weights, server, aggregate,
                groups.deviceMembers(), groups.slots(), serverStarted ? 0 : 1, plan.learningRate(), broadcastLost,
                fates == null ? 1 : fates.wordsPerLink(), packetValues, fates == null ? 0 : 1, dim);
        serverStarted = true;
    }

    /** 0, 1, ..., count - 1 (every member's row, listed). */
    static int[] identity(int count) {
        int[] rows = new int[count];
        for (int k = 0; k < count; k++) {
            rows[k] = k;
        }
        return rows;
    }

    /** {@code memory} holding {@code count} zeros. */
    private static void zeroed(DeviceMemory memory, long count) {
        cuMemsetD8(memory.ensure(count), (byte) 0, count * memory.element().bytes);
    }

    void poison() {
        for (DeviceMemory memory : new DeviceMemory[] {accumulated, feedbackFirst, feedbackSecond, server, sent, exact, lossyAggregates}) {
            memory.poison();
        }
        aggregation.poison();
    }

    /** Frees the buffers shaped by the matrix (it is resized or gone). */
    void release() {
        for (DeviceMemory memory : new DeviceMemory[] {accumulated, feedbackFirst, feedbackSecond, server, sent, exact, lossyAggregates}) {
            memory.close();
        }
        aggregation.release();
    }

    @Override
    public void close() {
        release();
        for (DeviceMemory memory : new DeviceMemory[] {offsets, members, groupOf, counts, scales, totals, aggregateOf, exactRows,
                errorSums, alonePeers, aloneCounts, lost, groupBase}) {
            memory.close();
        }
        aggregation.close();
    }
}
