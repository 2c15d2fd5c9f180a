package org.moshsim.network;

import org.moshsim.lossy.LossyLinks;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.Grouped;

/**
 * AD-PSGD's exchange (Lian et al., 2018): the two members of a pair send each other their whole vector at once, each
 * transfer at the slower of the sender's upload and the receiver's download: max(S / min(u_a, d_b), S / min(u_b, d_a))
 * plus the larger latency, once per retransmission pass.
 */
final class PairwiseExchange implements GroupFormula {
    private final NetworkModel network;

    PairwiseExchange(NetworkModel network) {
        this.network = network;
    }

    @Override
    public double seconds(Grouped plan, int from, int to, Traffic traffic) {
        if (to - from != 2) {
            throw new IllegalArgumentException("a pairwise exchange has two members, not " + (to - from));
        }
        GroupAveraging pair = (GroupAveraging) plan;
        int a = pair.members()[from];
        int b = pair.members()[from + 1];
        LossyLinks links = NetworkModel.links(pair.loss());
        double payload = network.payload(pair.codec()) * NetworkModel.sendsPerPacket(links);
        double passes = network.passes(links, network.payload(pair.codec()));
        traffic.add(a, payload);
        traffic.add(b, payload);
        double seconds = Math.max(payload / Math.min(network.upload[a], network.download[b]),
                payload / Math.min(network.upload[b], network.download[a]));
        return Math.max(network.latencies[a], network.latencies[b]) * passes + seconds;
    }
}
