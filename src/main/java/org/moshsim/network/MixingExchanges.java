package org.moshsim.network;

import org.moshsim.lossy.LossyLinks;
import org.moshsim.plan.SparseMixing;

/**
 * A mixing plan's messages (gossip, push-sum): every peer sends its vector to the peers whose rows use it; a peer's
 * exchanges start when it and all its partners are ready and take max(sent S / upload, received S / download) plus the
 * largest latency among its partners, once per retransmission pass. Scratch per peer, reset as peers are touched.
 */
final class MixingExchanges {
    private final NetworkModel network;
    /** Messages sent and received, start and latency of each peer's exchanges, and the peers this plan touched. */
    private int[] sent;
    private int[] received;
    private double[] start;
    private double[] latency;
    private int[] touched;

    MixingExchanges(NetworkModel network) {
        this.network = network;
    }

    /** Prices the plan as {@link NetworkModel#price} does: adds each peer's bytes, returns when the last exchange ends. */
    double price(SparseMixing plan, double[] ready, Traffic traffic) {
        int n = network.upload.length;
        if (sent == null) {
            sent = new int[n];
            received = new int[n];
            start = new double[n];
            latency = new double[n];
            touched = new int[n];
        }
        double[] latencies = network.latencies;
        int involved = 0;
        int[] rows = plan.rows();
        int[] offsets = plan.offsets();
        int[] sources = plan.sources();
        for (int r = 0; r < rows.length; r++) {
            int receiver = rows[r];
            for (int k = offsets[r]; k < offsets[r + 1]; k++) {
                int sender = sources[k];
                if (sender == receiver) {
                    continue;
                }
                involved = touch(sender, involved);
                involved = touch(receiver, involved);
                sent[sender]++;
                received[receiver]++;
                // Plain comparisons: C1-compiled code (the launcher's) calls Math.max on doubles out of line.
                double both = ready[sender] > ready[receiver] ? ready[sender] : ready[receiver];
                double slower = latencies[sender] > latencies[receiver] ? latencies[sender] : latencies[receiver];
                if (both > start[sender]) {
                    start[sender] = both;
                }
                if (both > start[receiver]) {
                    start[receiver] = both;
                }
                if (slower > latency[sender]) {
                    latency[sender] = slower;
                }
                if (slower > latency[receiver]) {
                    latency[receiver] = slower;
                }
            }
        }
        double end = Double.NEGATIVE_INFINITY;
        LossyLinks links = NetworkModel.links(plan.loss());
        double payload = network.payload(plan.codec()) * NetworkModel.sendsPerPacket(links);
        double passes = network.passes(links, network.payload(plan.codec()));
        for (int t = 0; t < involved; t++) {
            int i = touched[t];
            double up = sent[i] * payload / network.upload[i];
            double down = received[i] * payload / network.download[i];
            double finish = start[i] + latency[i] * passes + (up > down ? up : down);
            if (finish > end) {
                end = finish;
            }
            traffic.add(i, sent[i] * payload);
            sent[i] = 0;
            received[i] = 0;
        }
        return end;
    }

    /** Marks a peer as part of this plan's exchanges, resetting its scratch on first touch. */
    private int touch(int peer, int involved) {
        if (sent[peer] == 0 && received[peer] == 0) {
            start[peer] = Double.NEGATIVE_INFINITY;
            latency[peer] = 0;
            touched[involved++] = peer;
        }
        return involved;
    }
}
