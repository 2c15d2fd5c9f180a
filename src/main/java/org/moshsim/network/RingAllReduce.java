package org.moshsim.network;

import org.moshsim.lossy.LossyLinks;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.Grouped;

/**
 * Ring all-reduce of models: 2(n - 1) steps, each moving S / n between neighbours, so 2(n - 1) max_i (S / (n b_i) + l_i),
 * which is 2(n - 1)/n S / B + 2(n - 1) l for equal peers; every member sends 2(n - 1)/n S. Over retransmitting links each
 * step's S / n is resent pass after pass until it all arrives.
 */
final class RingAllReduce implements GroupFormula {
    private final NetworkModel network;

    RingAllReduce(NetworkModel network) {
        this.network = network;
    }

    @Override
    public double seconds(Grouped plan, int from, int to, Traffic traffic) {
        GroupAveraging groups = (GroupAveraging) plan;
        int[] members = groups.members();
        LossyLinks links = NetworkModel.links(groups.loss());
        double payload = network.payload(groups.codec()) * NetworkModel.sendsPerPacket(links);
        int n = to - from;
        double passes = network.passes(links, network.payload(groups.codec()) / n);
        double step = 0;
        for (int k = from; k < to; k++) {
            int peer = members[k];
            double own = payload / (n * Math.min(network.upload[peer], network.download[peer])) + network.latencies[peer] * passes;
            step = own > step ? own : step;
            traffic.add(peer, 2.0 * (n - 1) / n * payload);
        }
        return 2.0 * (n - 1) * step;
    }
}
