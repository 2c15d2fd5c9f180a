package org.moshsim.lossy;

/**
 * Averaging N peers' vectors when each contribution reaches the aggregator over a lossy link (sender -> aggregator in
 * the given round). The aggregator is a peer, whose own row is local and never lost, or {@link PacketLoss#EXTERNAL}.
 *
 * <ul>
 *   <li>{@link ZeroFill}: lost packets count as zeros and the sum is divided by N; with loss rate p and an external
 *       aggregator its expectation is (1 - p) x mean, biased toward 0.
 *   <li>{@link ReceivedOnly}: per packet, the average of the contributions that arrived (Weintraub et al. 2025,
 *       Section 4: unbiased aggregation from whatever arrives). With an external aggregator and losses exchangeable
 *       across senders and independent of the values, every sender has the same chance to be averaged, so the
 *       expectation is the exact mean whenever something arrives. A packet nobody delivered keeps the fallback
 *       (e.g. the previous aggregate). A peer aggregator always counts its own row, so its own value weighs
 *       E[1 / (1 + arrived others)] instead of 1 / N: unbiased only where the rows share one expectation (i.i.d.
 *       stochastic gradients), not for fixed values.
 *   <li>{@link Retransmission}: lost packets are sent again, pass after pass, until all arrive; the mean is exact and
 *       the cost is the sends, 1 / (1 - p) per packet on average (geometric number of tries).
 * </ul>
 */
public sealed interface LossyAggregation {
    /** Lost packets read as zeros; divide by N. */
    record ZeroFill() implements LossyAggregation {
    }

    /** Average what arrived, per packet; keep the fallback where nothing did. */
    record ReceivedOnly() implements LossyAggregation {
    }

    /** Resend lost packets until every packet arrives; give up (error) after maxPasses passes. */
    record Retransmission(int maxPasses) implements LossyAggregation {
        public Retransmission {
            if (maxPasses < 1) {
                throw new IllegalArgumentException("retransmission needs at least one pass, got " + maxPasses);
            }
        }

        public Retransmission() {
            this(100_000);
        }
    }

    /**
     * Aggregates the rows of {@code contributions} (N x D) at {@code aggregator} in this round.
     *
     * @param fallback values for packets that no contribution delivered (received-only only); null means zeros
     */
    default Aggregate aggregate(float[][] contributions, int aggregator, PacketLoss loss, PacketLayout layout,
            long seed, int round, float[] fallback) {
        return aggregate(contributions, null, aggregator, loss, layout, seed, round, fallback);
    }

    /**
     * As {@link #aggregate(float[][], int, PacketLoss, PacketLayout, long, int, float[])}, with contribution i sent by
     * peer {@code senders[i]} (null: by peer i): the links are (senders[i] -> the aggregator's peer, round), so a group's
     * members read their own links whatever their place in the group.
     */
    default Aggregate aggregate(float[][] contributions, int[] senders, int aggregator, PacketLoss loss, PacketLayout layout,
            long seed, int round, float[] fallback) {
        int receiver = aggregator == PacketLoss.EXTERNAL || senders == null ? aggregator : senders[aggregator];
        int peers = contributions.length;
        int dim = contributions[0].length;
        int packets = layout.packets(dim);
        double[] sum = new double[dim];
        int[] arrivals = new int[packets];
        long sends = 0;
        long lost = 0;
        int rounds = 1;
        boolean resend = this instanceof Retransmission;
        for (int i = 0; i < peers; i++) {
            if (contributions[i].length != dim) {
                throw new IllegalArgumentException("peer " + i + " has " + contributions[i].length + " values, expected " + dim);
            }
            boolean local = i == aggregator;
            LinkLosses link = local ? null : loss.link(seed, senders == null ? i : senders[i], receiver, round);
            boolean[] arrived = new boolean[packets];
            int missing = packets;
            int pass = 0;
            while (missing > 0 && (pass == 0 || resend)) {
                if (++pass > (resend ? ((Retransmission) this).maxPasses() : 1)) {
                    throw new IllegalStateException("retransmission from peer " + i + " still missing " + missing
                            + " packets after " + (pass - 1) + " passes at loss rate " + loss.lossRate());
                }
                for (int k = 0; k < packets; k++) {
                    if (arrived[k]) {
                        continue;
                    }
                    boolean dropped = !local && link.nextLost();
                    if (!local) {
                        sends++;
                        lost += dropped ? 1 : 0;
                    }
                    if (!dropped) {
                        arrived[k] = true;
                        missing--;
                        arrivals[k]++;
                        for (int j = layout.start(k); j < layout.end(k, dim); j++) {
                            sum[j] += contributions[i][j];
                        }
                    }
                }
            }
            rounds = Math.max(rounds, pass);
        }
        for (int k = 0; k < packets; k++) {
            for (int j = layout.start(k); j < layout.end(k, dim); j++) {
                if (this instanceof ReceivedOnly) {
                    sum[j] = arrivals[k] > 0 ? sum[j] / arrivals[k] : (fallback == null ? 0.0 : fallback[j]);
                } else {
                    sum[j] /= peers;
                }
            }
        }
        long nominal = (long) (aggregator >= 0 && aggregator < peers ? peers - 1 : peers) * packets;
        return new Aggregate(sum, arrivals, nominal, sends, lost, rounds);
    }
}
