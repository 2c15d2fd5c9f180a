package org.moshsim.network;

import org.moshsim.compress.Compression;
import org.moshsim.compress.Transfer;
import org.moshsim.lossy.LossyLinks;
import org.moshsim.plan.GradientExchange;
import org.moshsim.plan.Grouped;

/**
 * A gradient exchange among peers ({@link GradientExchange}) for the modelled model of P = S / 4 float32 parameters,
 * priced piece by piece from what its compression puts on the wire ({@link Compression#transfers}), the pieces one after
 * another: an all-reduce of B bytes is the group's ring, 2(n - 1) steps of B / n ({@link SequentialSteps}), or its
 * butterfly ({@link ButterflyAllReduce}) after DHT matchmaking, as for model averaging; sequential steps (an all-gather,
 * all-to-alls) are what they say.
 */
final class GradientTransfers implements GroupFormula {
    private final NetworkModel network;
    /** Whether the groups exchange by hivemind's butterfly, else by a ring. */
    private final boolean byButterfly;
    private final ButterflyAllReduce butterfly;
    private final SequentialSteps steps;

    GradientTransfers(NetworkModel network, boolean byButterfly) {
        this.network = network;
        this.byButterfly = byButterfly;
        this.butterfly = new ButterflyAllReduce(network);
        this.steps = new SequentialSteps(network);
    }

    @Override
    public double seconds(Grouped plan, int from, int to, Traffic traffic) {
        GradientExchange exchange = (GradientExchange) plan;
        double parameters = network.payload(null) / 4;
        LossyLinks links = NetworkModel.links(exchange.loss());
        double seconds = 0;
        for (Transfer transfer : exchange.compression().transfers(parameters, to - from)) {
            seconds += transfer(transfer, exchange.members(), from, to, links, traffic);
        }
        return seconds;
    }

    /** A butterfly group meets and fails as model averaging's does; a ring's failed step is redone whole. */
    @Override
    public boolean matchmade() {
        return byButterfly;
    }

    /** One piece of a group's exchange: adds the members' bytes, returns its seconds. */
    private double transfer(Transfer transfer, int[] members, int from, int to, LossyLinks links, Traffic traffic) {
        int n = to - from;
        if (transfer instanceof Transfer.AllReduce allReduce) {
            return byButterfly ? butterfly.seconds(members, from, to, allReduce.bytes(), links, traffic)
                    : steps.seconds(2 * (n - 1), allReduce.bytes() / n, members, from, to, links, traffic);
        }
        Transfer.Steps pieces = (Transfer.Steps) transfer;
        return steps.seconds(pieces.count(), pieces.bytes(), members, from, to, links, traffic);
    }
}
