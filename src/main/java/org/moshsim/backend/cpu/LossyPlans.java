package org.moshsim.backend.cpu;

import java.util.function.IntConsumer;
import org.moshsim.lossy.LinkLosses;
import org.moshsim.lossy.LossyAggregation;
import org.moshsim.lossy.LossyRound;
import org.moshsim.lossy.PacketLayout;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.SparseMixing;

/**
 * The CPU arithmetic of plans whose rows cross lossy links without retransmission (zero-fill, received-only; see
 * {@link GroupAveraging} and {@link SparseMixing} for the rules). One task per receiving row: it reads its senders'
 * link streams in a fixed order and writes only its own output row, so the result depends neither on the threads nor
 * on the order tasks run. Sums are float64 in the exact plans' order, skipping what was lost: without losses they are
 * the exact plans' sums, to the bit.
 */
final class LossyPlans {
    /** Runs {@code count} independent tasks, in parallel where the backend has threads. */
    interface Tasks {
        void run(int count, IntConsumer task);
    }

    /** Each thread's float64 row sums and per-packet tallies, grown to the largest row seen. */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[2][0]);

    private LossyPlans() {
    }

    /**
     * Each completed group's members' own means of what reached them, from {@code source} (values or decoded rows),
     * first into row {@code peer} of {@code out}, then (once every mean is computed) into {@code values}; the caller
     * averages the weights.
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
        for (int g = 0; g < plan.groupCount(); g++) {
            for (int k = offsets[g]; k < offsets[g + 1]; k++) {
                groupOf[k] = g;
            }
        }
        tasks.run(members.length, slot -> {
            int g = groupOf[slot];
            if (plan.failed(g)) {
                return;
            }
            int receiver = members[slot];
            double[][] scratch = scratch(dim, packets);
            double[] sum = scratch[0];
            double[] arrived = scratch[1];
            java.util.Arrays.fill(arrived, 0, packets, 0.0);
            for (int k = offsets[g]; k < offsets[g + 1]; k++) {
                int sender = members[k];
                LinkLosses link = sender == receiver ? null : loss.link(sender, receiver);
                float[] row = source.block(sender);
                int offset = source.offset(sender);
                for (int p = 0; p < packets; p++) {
                    if (link != null && link.nextLost()) {
                        continue;
                    }
                    add(sum, arrived[p] == 0, 1.0, row, offset, layout.start(p), layout.end(p, dim));
                    arrived[p]++;
                }
            }
            float[] target = out.block(receiver);
            int at = out.offset(receiver);
            int size = offsets[g + 1] - offsets[g];
            for (int p = 0; p < packets; p++) {
                // The own row always arrives, so every packet has at least one row.
                double divisor = zeroFill ? size : arrived[p];
                for (int j = layout.start(p), end = layout.end(p, dim); j < end; j++) {
                    target[at + j] = (float) (sum[j] / divisor);
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
