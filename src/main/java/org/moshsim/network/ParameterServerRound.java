package org.moshsim.network;

import org.moshsim.lossy.LossyLinks;
import org.moshsim.plan.GradientExchange;
import org.moshsim.plan.Grouped;

/**
 * A parameter server's round ({@link GradientExchange.Collective.ParameterServer}) on a link of bandwidth B and latency
 * L: every member pushes its message m (its compressed gradient), of which the server receives n, then the server sends
 * the S bytes of parameters to each: max(n m / B, max_i m / u_i) + L' and max(n S / B, max_i S / d_i) + L', L' the larger
 * of L and the members' latencies, each latency once per retransmission pass. Peers' traffic counts their pushes; the
 * server is not a peer.
 */
final class ParameterServerRound implements GroupFormula {
    private final NetworkModel network;

    ParameterServerRound(NetworkModel network) {
        this.network = network;
    }

    @Override
    public double seconds(Grouped plan, int from, int to, Traffic traffic) {
        GradientExchange exchange = (GradientExchange) plan;
        GradientExchange.Collective.ParameterServer server = (GradientExchange.Collective.ParameterServer) exchange.collective();
        double parameters = network.payload(null) / 4;
        double message = exchange.compression().message(parameters);
        double model = 4 * parameters;
        LossyLinks links = NetworkModel.links(exchange.loss());
        int[] members = exchange.members();
        int n = to - from;
        double sends = NetworkModel.sendsPerPacket(links);
        double push = message * sends;
        double pull = model * sends;
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
        double down = Math.max(n * pull / server.bandwidth(), slowestPull) + latency * network.passes(links, model);
        return up + down;
    }
}
