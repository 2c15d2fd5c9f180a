package org.moshsim.backend.cpu;

import java.util.function.IntConsumer;
import org.moshsim.BadInput;
import org.moshsim.lossy.LinkLosses;
import org.moshsim.lossy.LossyAggregation;
import org.moshsim.lossy.LossyRound;
import org.moshsim.lossy.PacketLayout;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.SparseMixing;

/**
 * The CPU arithmetic of plans whose rows cross lossy links without retransmission (zero-fill, received-only; see
 * {@link GroupAveraging} and {@link SparseMixing} for the rules). Links' packet fates are read one task per receiving
 * row, each link's stream in packet order; every task writes only its own output (a row, or a group's run of packets),
 * so the result depends neither on the threads nor on the order tasks run. Sums are float64 in the exact plans' order,
 * skipping what was lost: without losses they are the exact plans' sums, to the bit.
 */
final class LossyPlans {
    /** Runs {@code count} independent tasks, in parallel where the backend has threads. */
    interface Tasks {
        void run(int count, IntConsumer task);
    }

    /** Each thread's float64 row sums and per-packet tallies, grown to the largest row seen. */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[2][0]);
    /** Values one task of a group plan sums at once, at least one packet. */
    private static final int COLUMNS = 4096;

    private LossyPlans() {
    }

    /**
     * Each completed group's members' own means of what reached them, from {@code source} (values or decoded rows),
     * first into row {@code peer} of {@code out}, then (once every mean is computed) into {@code values}; the caller
     * averages the weights.
     *
     * <p>Linear in the packets sent: first every link's packet fates are read, one stream word per packet (one task
     * per receiving row, as the CUDA host packing {@code LostPackets} reads them); then, per group and packet, one
     * running sum over the senders serves every member until its first lost packet (a member's sum is the running
     * sum up to there, to the bit), and only a member that lost a packet continues on its own from that sender on.
     */
    static void average(GroupAveraging plan, Rows source, Rows out, Rows values, Tasks tasks) {
        LossyRound loss = plan.loss();
        boolean zeroFill = loss.aggregation() instanceof LossyAggregation.ZeroFill;
        PacketLayout layout = loss.layout();
        int dim = source.dim;
        int packets = layout.packets(dim);
        int[] offsets = plan.offsets();
        int[] members = plan.members();
        int[] groupOf = new int[members.length];
        // Receiving slot i's fates, bit k * packets + p for sender slot k of its group, start at word fateAt[i].
        long[] fateAt = new long[members.length + 1];
        for (int g = 0; g < plan.groupCount(); g++) {
            long bits = plan.failed(g) ? 0 : (long) plan.size(g) * packets;
            for (int k = offsets[g]; k < offsets[g + 1]; k++) {
                groupOf[k] = g;
                fateAt[k + 1] = fateAt[k] + (bits + 63) / 64;
            }
        }
        if (fateAt[members.length] > Integer.MAX_VALUE - 8) {
            throw new BadInput(String.format("packet loss: %d words of packet fates do not fit one array; lower dim or the "
                    + "group size, or use larger packets (packet-loss: packet)", fateAt[members.length]));
        }
        long[] lost = new long[(int) fateAt[members.length]];
        tasks.run(members.length, slot -> {
            int g = groupOf[slot];
            if (plan.failed(g)) {
                return;
            }
            int receiver = members[slot];
            long base = fateAt[slot] * 64;
            for (int k = offsets[g]; k < offsets[g + 1]; k++) {
                int sender = members[k];
                if (sender == receiver) {
                    continue;
                }
                LinkLosses link = loss.link(sender, receiver);
                long at = base + (long) (k - offsets[g]) * packets;
                for (int p = 0; p < packets; p++) {
                    if (link.nextLost()) {
                        lost[(int) ((at + p) >>> 6)] |= 1L << (at + p);
                    }
                }
            }
        });
        // One task per completed group and run of packets of about COLUMNS values.
        int perTask = Math.max(1, COLUMNS / layout.valuesPerPacket());
        int runs = (packets + perTask - 1) / perTask;
        tasks.run(plan.groupCount() * runs, t -> {
            int g = t / runs;
            if (!plan.failed(g)) {
                int first = (t % runs) * perTask;
                for (int p = first, last = Math.min(packets, first + perTask); p < last; p++) {
                    groupPacket(offsets[g], offsets[g + 1], p, packets, layout.start(p), layout.end(p, dim), members,
                            lost, fateAt, zeroFill, source, out);
                }
            }
        });
        tasks.run(members.length, slot -> {
            int member = members[slot];
            if (!plan.failed(groupOf[slot])) {
                System.arraycopy(out.block(member), out.offset(member), values.block(member), values.offset(member), dim);
            }
        });
    }

    /**
     * Every member's mean of packet p (values [start, end)) of the group in slots [from, to): the running sum over
     * senders in slot order, shared by every member up to its first lost packet, then the member's own.
     */
    private static void groupPacket(int from, int to, int p, int packets, int start, int end, int[] members, long[] lost,
                                    long[] fateAt, boolean zeroFill, Rows source, Rows out) {
        int n = to - from;
        int length = end - start;
        double[][] scratch = scratch(length, length);
        double[] running = scratch[0];
        double[] own = scratch[1];
        // Members by the slot of their first lost sender (n when nothing was lost), in a counting sort.
        int[] firstLost = new int[n];
        int[] byFirst = new int[n];
        int[] count = new int[n + 2];
        for (int i = 0; i < n; i++) {
            int k = 0;
            while (k < n && !lost(lost, fateAt[from + i] * 64 + (long) k * packets + p)) {
                k++;
            }
            firstLost[i] = k;
            count[k + 1]++;
        }
        for (int k = 0; k <= n; k++) {
            count[k + 1] += count[k];
        }
        for (int i = 0; i < n; i++) {
            byFirst[count[firstLost[i]]++] = i;
        }
        int next = 0;
        for (int k = 0; k <= n; k++) {
            // running holds senders 0 .. k - 1, all arrived: the sum of every member whose first loss is at k.
            while (next < n && firstLost[byFirst[next]] == k) {
                int i = byFirst[next++];
                long fates = fateAt[from + i] * 64 + p;
                int arrived = k;
                if (k > 0) {
                    System.arraycopy(running, 0, own, 0, length);
                }
                for (int s = k + 1; s < n; s++) {
                    if (!lost(lost, fates + (long) s * packets)) {
                        add(own, arrived == 0, 1.0, source.block(members[from + s]), source.offset(members[from + s]) + start, 0,
                                length);
                        arrived++;
                    }
                }
                write(k == n ? running : own, zeroFill ? n : arrived, out, members[from + i], start, length);
            }
            if (k < n) {
                int sender = members[from + k];
                add(running, k == 0, 1.0, source.block(sender), source.offset(sender) + start, 0, length);
            }
        }
    }

    private static boolean lost(long[] lost, long bit) {
        return (lost[(int) (bit >>> 6)] >>> bit & 1) != 0;
    }

    /** Row {@code peer}'s values [start, start + length) of {@code out}: the sum over the divisor, as float32. */
    private static void write(double[] sum, double divisor, Rows out, int peer, int start, int length) {
        float[] target = out.block(peer);
        int at = out.offset(peer) + start;
        for (int j = 0; j < length; j++) {
            target[at + j] = (float) (sum[j] / divisor);
        }
    }

    /**
     * Each mixing row's weighted sum of what reached it into row r of {@code out}: {@code sent} (values or decoded
     * rows) for every source but the row's own peer, which is read exactly from {@code values}.
     */
    static void mix(SparseMixing plan, Rows values, double[] weights, Rows sent, Rows out, Tasks tasks) {
        LossyRound loss = plan.loss();
        boolean zeroFill = loss.aggregation() instanceof LossyAggregation.ZeroFill;
        PacketLayout layout = loss.layout();
        int dim = values.dim;
        int packets = layout.packets(dim);
        int[] rows = plan.rows();
        int[] offsets = plan.offsets();
        int[] sources = plan.sources();
        double[] coefficients = plan.weights();
        tasks.run(rows.length, r -> {
            int receiver = rows[r];
            double[][] scratch = scratch(dim, packets);
            double[] sum = scratch[0];
            double[] mass = scratch[1];
            java.util.Arrays.fill(sum, 0, dim, 0.0);
            java.util.Arrays.fill(mass, 0, packets, 0.0);
            double total = 0;
            for (int k = offsets[r]; k < offsets[r + 1]; k++) {
                int sender = sources[k];
                boolean own = sender == receiver;
                LinkLosses link = own ? null : loss.link(sender, receiver);
                Rows from = own ? values : sent;
                float[] row = from.block(sender);
                int offset = from.offset(sender);
                double c = coefficients[k];
                double m = c * weights[sender];
                total += m;
                for (int p = 0; p < packets; p++) {
                    if (link != null && link.nextLost()) {
                        continue;
                    }
                    add(sum, false, c, row, offset, layout.start(p), layout.end(p, dim));
                    mass[p] += m;
                }
            }
            float[] target = out.block(r);
            int at = out.offset(r);
            float[] old = values.block(receiver);
            int oldAt = values.offset(receiver);
            for (int p = 0; p < packets; p++) {
                int start = layout.start(p);
                int end = layout.end(p, dim);
                if (!zeroFill && mass[p] == 0) {
                    // Received-only, and nothing (of any weight) arrived: the row keeps what it had.
                    System.arraycopy(old, oldAt + start, target, at + start, end - start);
                    continue;
                }
                // Without losses mass == total, summed in the same order: the exact plan's values.
                double scale = zeroFill || mass[p] == total ? 1.0 : total / mass[p];
                for (int j = start; j < end; j++) {
                    target[at + j] = (float) (scale == 1.0 ? sum[j] : sum[j] * scale);
                }
            }
        });
    }

    /** sum[j] (+)= c x[j] over one packet's values; {@code first} assigns, as the exact sums start from their first row. */
    private static void add(double[] sum, boolean first, double c, float[] row, int offset, int start, int end) {
        if (first) {
            for (int j = start; j < end; j++) {
                sum[j] = row[offset + j];
            }
        } else if (c == 1.0) {
            for (int j = start; j < end; j++) {
                sum[j] += row[offset + j];
            }
        } else {
            for (int j = start; j < end; j++) {
                sum[j] += c * row[offset + j];
            }
        }
    }

    private static double[][] scratch(int dim, int packets) {
        double[][] scratch = SCRATCH.get();
        if (scratch[0].length < dim) {
            scratch[0] = new double[dim];
        }
        if (scratch[1].length < packets) {
            scratch[1] = new double[packets];
        }
        return scratch;
    }
}
