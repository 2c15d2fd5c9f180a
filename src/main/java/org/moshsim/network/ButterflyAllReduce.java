package org.moshsim.network;

import org.moshsim.lossy.LossyLinks;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.Grouped;

/**
 * hivemind's butterfly all-reduce in a group of n (Moshpit SGD, App. B): S xi for the least xi of the load-balancing LP
 * ({@link LoadBalancing}: member i reduces a share w_i and sends (1 + (n - 2) w_i) S bytes), plus two latencies, one per
 * phase (reduce, then gather), the group's largest. A member's link is the slower of its upload and download.
 *
 * <p>A group costs O(n): a group of equal links has the LP's unique optimum w_i = 1/n in closed form, and where every
 * peer has the same link (and latency) its price depends only on n, so it is computed once per group size. Unequal
 * links are sorted into the LP's cache key. Scratch arrays are kept, so pricing a round allocates nothing.
 */
final class ButterflyAllReduce implements GroupFormula {
    private final NetworkModel network;
    /** Seconds per byte of an all-equal group, by its size (0: not yet computed), where all links are equal. */
    private double[] equalSecondsPerByte = new double[0];
    private double[] bandwidth = new double[0];
    private int[] order = new int[0];
    private double[] sorted = new double[0];

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
        double latency = network.equalLatencies ? Math.max(0, network.latencies[0]) : largestLatency(members, from, to);
        if (network.equalLinks) {
            // Equal links: the LP's unique optimum is w_i = 1/n, every member sending (2n - 2)/n S.
            double sent = (2.0 * n - 2) / n * payload;
            for (int k = from; k < to; k++) {
                traffic.add(members[k], sent);
            }
            return payload * equalSecondsPerByte(n) + 2 * latency * passes;
        }
        if (bandwidth.length < n) {
            bandwidth = new double[n];
        }
        boolean equal = true;
        for (int k = 0; k < n; k++) {
            bandwidth[k] = network.links[members[from + k]];
            equal &= bandwidth[k] == bandwidth[0];
        }
        if (equal) {
            double sent = (2.0 * n - 2) / n * payload;
            for (int k = from; k < to; k++) {
                traffic.add(members[k], sent);
            }
            return payload * LoadBalancing.secondsPerByte(bandwidth, n) + 2 * latency * passes;
        }
        // Members in increasing bandwidth (insertion sort: groups are small), the LP's cache key.
        if (sorted.length != n) {
            sorted = new double[n];
            order = new int[n];
        }
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

    private double largestLatency(int[] members, int from, int to) {
        double latency = 0;
        for (int k = from; k < to; k++) {
            double own = network.latencies[members[k]];
            // Plain comparisons: C1-compiled code (the launcher's) calls Math.max on doubles out of line.
            latency = own > latency ? own : latency;
        }
        return latency;
    }

    /** {@link LoadBalancing#secondsPerByte} of n members of the network's one link, computed once per n. */
    private double equalSecondsPerByte(int n) {
        if (n >= equalSecondsPerByte.length) {
            equalSecondsPerByte = java.util.Arrays.copyOf(equalSecondsPerByte, Math.max(n + 1, 2 * equalSecondsPerByte.length));
        }
        if (equalSecondsPerByte[n] == 0) {
            double[] same = new double[n];
            java.util.Arrays.fill(same, network.links[0]);
            equalSecondsPerByte[n] = LoadBalancing.secondsPerByte(same, n);
        }
        return equalSecondsPerByte[n];
    }
}
