package org.moshsim.network;

import org.moshsim.lossy.LossyLinks;

/**
 * c steps one after another, in each of which every member sends b bytes: c times the slowest member's b / (its link) +
 * its latency (its latency once per retransmission pass). Top-K's ring all-gather is n - 1 steps of its 8k bytes; the
 * two-step all-reduce's all-to-alls n - 1 steps each of a quantised shard of P / n values; the float16 ring 2(n - 1) steps
 * of 2P / n bytes; a ring all-reduce of B bytes of gradients 2(n - 1) steps of B / n.
 */
final class SequentialSteps {
    private final NetworkModel network;

    SequentialSteps(NetworkModel network) {
        this.network = network;
    }

    /** {@code count} steps of {@code bytes} among {@code members[from .. to - 1]}: adds their bytes, returns seconds. */
    double seconds(int count, double bytes, int[] members, int from, int to, LossyLinks links, Traffic traffic) {
        double sent = bytes * NetworkModel.sendsPerPacket(links);
        double passes = network.passes(links, bytes);
        double step = 0;
        for (int k = from; k < to; k++) {
            int peer = members[k];
            double own = sent / Math.min(network.upload[peer], network.download[peer]) + network.latencies[peer] * passes;
            step = Math.max(step, own);
            traffic.add(peer, count * sent);
        }
        return count * step;
    }
}
