package org.moshsim.network;

import org.moshsim.lossy.LossyLinks;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.Grouped;

/**
 * hivemind's butterfly all-reduce in a group of n (Moshpit SGD, App. B): S xi for the least xi of the load-balancing LP
 * ({@link LoadBalancing}: member i reduces a share w_i and sends (1 + (n - 2) w_i) S bytes), plus two latencies, one per
 * phase (reduce, then gather), the group's largest. A member's link is the slower of its upload and download.
 */
final class ButterflyAllReduce implements GroupFormula {
    private final NetworkModel network;

    ButterflyAllReduce(NetworkModel network) {
        this.network = network;
    }

    @Override
    public double seconds(Grouped plan, int from, int to, Traffic traffic) {
        GroupAveraging groups = (GroupAveraging) plan;
        return seconds(groups.members(), from, to, network.payload(groups.codec()), NetworkModel.links(groups.loss()), traffic);
    }

    @Override
    public boolean matchmade() {
        return true;
    }

    /** One butterfly all-reduce of a vector of {@code bytes} among {@code members[from .. to - 1]}: adds their bytes, returns seconds. */
    double seconds(int[] members, int from, int to, double bytes, LossyLinks links, Traffic traffic) {
        double payload = bytes * NetworkModel.sendsPerPacket(links);
        double passes = network.passes(links, bytes);
        int n = to - from;
        double[] bandwidth = new double[n];
        double latency = 0;
        boolean equal = true;
        for (int k = 0; k < n; k++) {
            int member = members[from + k];
            bandwidth[k] = network.upload[member] < network.download[member] ? network.upload[member] : network.download[member];
            if (network.latencies[member] > latency) {
                latency = network.latencies[member];
            }
            equal &= bandwidth[k] == bandwidth[0];
        }
        if (equal) {
            // Equal links: the LP's unique optimum is w_i = 1/n, every member sending (2n - 2)/n S.
            for (int k = from; k < to; k++) {
                traffic.add(members[k], (2.0 * n - 2) / n * payload);
            }
            return payload * LoadBalancing.secondsPerByte(bandwidth) + 2 * latency * passes;
        }
        // Members in increasing bandwidth (insertion sort: groups are small), the LP's cache key.
        int[] order = new int[n];
        double[] sorted = new double[n];
        for (int k = 0; k < n; k++) {
            int j = k;
            while (j > 0 && sorted[j - 1] > bandwidth[k]) {
                sorted[j] = sorted[j - 1];
                order[j] = order[j - 1];
                j--;
            }
            sorted[j] = bandwidth[k];
            order[j] = k;
        }
        LoadBalancing.Solution solution = LoadBalancing.cached(sorted);
        for (int k = 0; k < n; k++) {
            traffic.add(members[from + order[k]], (1 + (n - 2) * solution.shares()[k]) * payload);
        }
        return payload * solution.secondsPerByte() + 2 * latency * passes;
    }
}
