package org.moshsim.network;

import org.moshsim.compress.Compression;
import org.moshsim.compress.Transfer;
import org.moshsim.lossy.LossyLinks;
import org.moshsim.plan.GradientExchange;

/**
 * Prices gradient exchanges ({@link GradientExchange}) for the modelled model of P = S / 4 float32 parameters, from what
 * their compression puts on the wire ({@link Compression#transfers}); each kind of piece has one formula:
 * <ul>
 *   <li>an all-reduce of B bytes: the group's ring, 2(n - 1) steps of B / n; or hivemind's butterfly
 *   ({@link NetworkModel#allReduce}), after DHT matchmaking as for model averaging;</li>
 *   <li>c sequential steps of b bytes (Top-K's all-gather: n - 1 steps of 8k; the two-step all-reduce's two all-to-alls:
 *   n - 1 steps each of a quantised shard of P / n values; the float16 ring: 2(n - 1) steps of 2P / n): c times the
 *   slowest member's b / (its link) + its latency;</li>
 *   <li>a parameter server on a link of bandwidth B and latency L: every member pushes its message m (the compressed
 *   gradient), which the server receives n of, then the server sends the S bytes of parameters to each:
 *   max(n m / B, max_i m / b_i) + L' and max(n S / B, max_i S / b_i) + L', L' the larger of L and the members'
 *   latencies. Peers' traffic counts their pushes; the server is not a peer.</li>
 * </ul>
 * Over lossy links, retransmission multiplies the bytes by the expected sends per packet and every latency by the
 * expected passes, as for averaging. A failed butterfly group costs the timeout after matchmaking; a failed ring or
 * server round costs its whole attempt. Either way its members sent their bytes.
 */
final class GradientPricing {
    private final NetworkModel network;

    GradientPricing(NetworkModel network) {
        this.network = network;
    }

    /** Prices one round's exchange: as {@link NetworkModel#price}. */
    double price(GradientExchange plan, double[] ready, double[] groupEnd, Traffic traffic) {
        double parameters = network.payload(null) / 4;
        LossyLinks links = plan.loss() == null ? null : plan.loss().links();
        int[] members = plan.members();
        double end = Double.NEGATIVE_INFINITY;
        for (int g = 0; g < plan.groupCount(); g++) {
            int from = plan.offsets()[g];
            int to = plan.offsets()[g + 1];
            double start = 0;
            for (int k = from; k < to; k++) {
                start = Math.max(start, ready[members[k]]);
            }
            double seconds;
            if (plan.collective() instanceof GradientExchange.Collective.ParameterServer server) {
                seconds = server(server, members, from, to, plan.compression().message(parameters), 4 * parameters, links, traffic);
            } else {
                seconds = 0;
                for (Transfer transfer : plan.compression().transfers(parameters, to - from)) {
                    seconds += transfer(plan.collective(), transfer, members, from, to, links, traffic);
                }
            }
            if (plan.collective() instanceof GradientExchange.Collective.Butterfly) {
                groupEnd[g] = start + network.matchmaking() + (plan.failed(g) ? network.timeout() : seconds);
            } else {
                groupEnd[g] = start + seconds;
            }
            end = Math.max(end, groupEnd[g]);
        }
        return end;
    }

    /** One piece of a group's exchange: adds the members' bytes, returns its seconds. */
    private double transfer(GradientExchange.Collective collective, Transfer transfer, int[] members, int from, int to,
                            LossyLinks links, Traffic traffic) {
        int n = to - from;
        if (transfer instanceof Transfer.AllReduce allReduce) {
            return collective instanceof GradientExchange.Collective.Butterfly
                    ? network.allReduce(members, from, to, allReduce.bytes(), links, traffic)
                    : steps(2 * (n - 1), allReduce.bytes() / n, members, from, to, links, traffic);
        }
        Transfer.Steps steps = (Transfer.Steps) transfer;
        return steps(steps.count(), steps.bytes(), members, from, to, links, traffic);
    }

    /** {@code count} steps in each of which every member sends {@code bytes}: count x the slowest member's step. */
    private double steps(int count, double bytes, int[] members, int from, int to, LossyLinks links, Traffic traffic) {
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

    /** A parameter server's round: the members' pushes of {@code message} bytes, then its broadcast of {@code parameters} bytes. */
    private double server(GradientExchange.Collective.ParameterServer server, int[] members, int from, int to, double message,
                          double parameters, LossyLinks links, Traffic traffic) {
        int n = to - from;
        double sends = NetworkModel.sendsPerPacket(links);
        double push = message * sends;
        double pull = parameters * sends;
        double latency = server.latency();
        double slowestPush = 0;
        double slowestPull = 0;
        for (int k = from; k < to; k++) {
            int peer = members[k];
            latency = Math.max(latency, network.latencies[peer]);
            slowestPush = Math.max(slowestPush, push / network.upload[peer]);
            slowestPull = Math.max(slowestPull, pull / network.download[peer]);
            traffic.add(peer, push);
        }
        double up = Math.max(n * push / server.bandwidth(), slowestPush) + latency * network.passes(links, message);
        double down = Math.max(n * pull / server.bandwidth(), slowestPull) + latency * network.passes(links, parameters);
        return up + down;
    }
}
